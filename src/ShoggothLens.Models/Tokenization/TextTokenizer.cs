using System.Text;

namespace ShoggothLens.Models.Tokenization;

/// <summary>
/// What every tokenizer shares: splitting the text on added tokens (as Hugging Face does before the
/// model sees it), BOS/EOS, the id/token tables and decoding of added tokens. Subclasses tokenize
/// the ordinary stretches between added tokens.
/// </summary>
public abstract class TextTokenizer : ITextTokenizer
{
    readonly AddedTokenMatcher _matcher;
    readonly Dictionary<string, int> _tokenToId;
    readonly string?[] _idToToken;
    readonly Dictionary<int, AddedToken> _addedById;
    readonly SpecialTokenIds _specials;

    /// <param name="vocabulary">The model's token strings by id (before added tokens).</param>
    protected TextTokenizer(IReadOnlyDictionary<string, int> vocabulary, IReadOnlyList<AddedToken> addedTokens, SpecialTokenIds specials)
    {
        AddedTokens = addedTokens;
        _matcher = new AddedTokenMatcher(addedTokens);
        _specials = specials;
        _tokenToId = new Dictionary<string, int>(vocabulary, StringComparer.Ordinal);
        _addedById = new Dictionary<int, AddedToken>();
        foreach (var token in addedTokens)
        {
            _tokenToId.TryAdd(token.Content, token.Id);
            _addedById.TryAdd(token.Id, token);
        }
        int size = _tokenToId.Count == 0 ? 0 : _tokenToId.Values.Max() + 1;
        _idToToken = new string?[size];
        // The model's own string wins for an id that both the model and an added token name.
        foreach (var token in addedTokens)
            _idToToken[token.Id] = token.Content;
        foreach (var (token, id) in vocabulary)
            _idToToken[id] ??= token;
    }

    public int VocabSize => _idToToken.Length;
    public int? BosId => _specials.Bos;
    public int? EosId => _specials.Eos;
    public bool AddsBos => _specials.AddsBos && _specials.Bos is not null;
    public IReadOnlyList<AddedToken> AddedTokens { get; }

    public int? TokenToId(string token) => _tokenToId.TryGetValue(token, out int id) ? id : null;

    public string? IdToToken(int id) => id >= 0 && id < _idToToken.Length ? _idToToken[id] : null;

    public IReadOnlyList<TokenPiece> Encode(string text, bool addSpecialTokens = false)
    {
        ArgumentNullException.ThrowIfNull(text);
        var output = new List<TokenPiece>();
        if (addSpecialTokens && AddsBos)
            output.Add(Inserted(_specials.Bos!.Value, 0));
        EncodeInto(text, 0, text.Length, output);
        if (addSpecialTokens && _specials.AddsEos && _specials.Eos is int eos)
            output.Add(Inserted(eos, text.Length));
        return output;
    }

    public IReadOnlyList<TokenPiece> EncodeRange(string text, int start, int end)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (start < 0 || end > text.Length || start > end)
            throw new ArgumentOutOfRangeException(nameof(start), $"range [{start}, {end}) is outside a text of length {text.Length}");
        var output = new List<TokenPiece>();
        EncodeInto(text, start, end, output);
        return output;
    }

    void EncodeInto(string text, int start, int end, List<TokenPiece> output)
    {
        int pos = start;
        while (pos < end)
        {
            var match = _matcher.FindNext(text, pos, end);
            int segmentEnd = match?.Start ?? end;
            if (segmentEnd > pos)
            {
                bool startsText = pos == 0 || _matcher.EndsWithToken(text, pos);
                bool endsText = segmentEnd == text.Length || match is not null || _matcher.StartsWithToken(text, segmentEnd);
                EncodeSegment(text, new TextSegment(pos, segmentEnd, startsText, endsText), output);
            }
            if (match is not { } m)
                break;
            output.Add(new TokenPiece(m.Token.Id, m.Token.Content, m.Start, m.End));
            pos = m.End;
        }
    }

    TokenPiece Inserted(int id, int at) => new(id, IdToToken(id) ?? "", at, at);

    /// <summary>Tokenizes one stretch free of added tokens, appending pieces with offsets into text.</summary>
    protected abstract void EncodeSegment(string text, TextSegment segment, List<TokenPiece> output);

    public string Decode(IReadOnlyList<int> ids)
    {
        ArgumentNullException.ThrowIfNull(ids);
        var result = new StringBuilder();
        var run = new List<int>();
        bool runStartsText = true;
        foreach (int id in ids)
        {
            if (id < 0 || id >= _idToToken.Length || _idToToken[id] is null)
                throw new ArgumentException($"token id {id} is not in the vocabulary (size {VocabSize})", nameof(ids));
            if (_addedById.TryGetValue(id, out var added))
            {
                result.Append(DecodeSegment(run, runStartsText));
                run.Clear();
                result.Append(added.Content);
                runStartsText = true;
            }
            else
            {
                run.Add(id);
            }
        }
        result.Append(DecodeSegment(run, runStartsText));
        return result.ToString();
    }

    /// <summary>Text of model (non-added) tokens; startsText mirrors <see cref="TextSegment.StartsText"/>.</summary>
    protected abstract string DecodeSegment(IReadOnlyList<int> ids, bool startsText);
}
