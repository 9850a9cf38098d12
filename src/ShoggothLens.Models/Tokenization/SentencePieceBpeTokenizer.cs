using System.Text;

namespace ShoggothLens.Models.Tokenization;

/// <summary>
/// A SentencePiece BPE model (Llama 1/2, Mistral, Gemma style tokenizer.model), as sentencepiece's
/// bpe_model.cc encodes: normalize, start from single characters (user-defined pieces whole),
/// merge the adjacent pair whose joined piece has the highest score, and spell every character
/// the vocabulary lacks as its UTF-8 bytes (&lt;0xNN&gt; pieces) when byte fallback is on.
/// Control pieces (&lt;s&gt;, &lt;/s&gt;) and &lt;unk&gt; written in the text map to their ids, as
/// in Hugging Face; each stretch between them gets its own dummy prefix (HF's legacy behaviour).
/// </summary>
public sealed class SentencePieceBpeTokenizer : TextTokenizer
{
    readonly SentencePieceModel _model;
    readonly SentencePieceNormalizer _normalizer;
    readonly PrefixMatcher _userDefined;
    // Pieces BPE may produce (normal, user-defined, unused), and byte pieces by byte value.
    readonly Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> _pieces;
    readonly int[] _byteIds = new int[256];

    public SentencePieceBpeTokenizer(SentencePieceModel model, PrecompiledCharsMap? charsMap,
        IReadOnlyList<AddedToken> addedTokens, SpecialTokenIds specials)
        : base(AllPieces(model), addedTokens, specials)
    {
        _model = model;
        var mergeable = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int id = 0; id < model.Pieces.Count; id++)
            if (model.Pieces[id].Type is SentencePieceType.Normal or SentencePieceType.UserDefined or SentencePieceType.Unused)
                mergeable.TryAdd(model.Pieces[id].Piece, id);
        _pieces = mergeable.GetAlternateLookup<ReadOnlySpan<char>>();
        _userDefined = new PrefixMatcher(model.Pieces.Where(p => p.Type == SentencePieceType.UserDefined).Select(p => p.Piece));
        _normalizer = new SentencePieceNormalizer(model, charsMap, _userDefined);
        Array.Fill(_byteIds, -1);
        for (int id = 0; id < model.Pieces.Count; id++)
            if (model.Pieces[id].Type == SentencePieceType.Byte && TryParseBytePiece(model.Pieces[id].Piece, out byte b))
                _byteIds[b] = id;
    }

    static Dictionary<string, int> AllPieces(SentencePieceModel model)
    {
        var all = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int id = 0; id < model.Pieces.Count; id++)
            all.TryAdd(model.Pieces[id].Piece, id);
        return all;
    }

    protected override void EncodeSegment(string text, TextSegment segment, List<TokenPiece> output)
    {
        bool prevIsSpace = segment.Start > 0 && char.IsWhiteSpace(text[segment.Start - 1]);
        var (normalized, toOriginal) = _normalizer.Normalize(text, segment, prevIsSpace);

        var initial = new List<BpeSymbol>();
        for (int i = 0; i < normalized.Length;)
        {
            int userDefined = _userDefined.Match(normalized.AsSpan(i));
            int length = userDefined > 0 ? userDefined : char.IsSurrogatePair(normalized, i) ? 2 : 1;
            initial.Add(new BpeSymbol(PieceId(normalized.AsSpan(i, length)), i, length, Frozen: userDefined > 0));
            i += length;
        }

        var merged = BpeMerger.Merge(initial, (left, right) =>
            _pieces.TryGetValue(normalized.AsSpan(left.Start, left.Length + right.Length), out int id)
                ? (-_model.Pieces[id].Score, id)
                : null);

        foreach (var symbol in merged)
        {
            int start = toOriginal[symbol.Start], end = toOriginal[symbol.Start + symbol.Length];
            if (symbol.Id >= 0)
            {
                output.Add(new TokenPiece(symbol.Id, _model.Pieces[symbol.Id].Piece, start, end));
                continue;
            }
            // An unknown piece: its UTF-8 bytes as byte pieces, each with the character's range.
            var bytes = Encoding.UTF8.GetBytes(normalized.Substring(symbol.Start, symbol.Length));
            if (!_model.ByteFallback || bytes.Any(b => _byteIds[b] < 0))
            {
                output.Add(new TokenPiece(_model.UnkId, IdToToken(_model.UnkId) ?? "", start, end));
                continue;
            }
            foreach (byte b in bytes)
                output.Add(new TokenPiece(_byteIds[b], _model.Pieces[_byteIds[b]].Piece, start, end));
        }
    }

    int PieceId(ReadOnlySpan<char> piece) => _pieces.TryGetValue(piece, out int id) ? id : -1;

    protected override string DecodeSegment(IReadOnlyList<int> ids, bool startsText)
    {
        var bytes = new List<byte>();
        foreach (int id in ids)
        {
            var entry = _model.Pieces[id];
            if (entry.Type == SentencePieceType.Byte && TryParseBytePiece(entry.Piece, out byte b))
                bytes.Add(b);
            else if (entry.Type is SentencePieceType.Normal or SentencePieceType.UserDefined or SentencePieceType.Unused)
                bytes.AddRange(Encoding.UTF8.GetBytes(entry.Piece.Replace(SentencePieceNormalizer.SpaceSymbol, ' ')));
        }
        string decoded = Encoding.UTF8.GetString(bytes.ToArray());
        // The dummy prefix the encoder added is not part of the text.
        return startsText && _model.AddDummyPrefix && decoded.StartsWith(' ') ? decoded[1..] : decoded;
    }

    static bool TryParseBytePiece(string piece, out byte value)
    {
        value = 0;
        return piece.Length == 6 && piece.StartsWith("<0x", StringComparison.Ordinal) && piece[5] == '>'
            && byte.TryParse(piece.AsSpan(3, 2), System.Globalization.NumberStyles.HexNumber, null, out value);
    }
}
