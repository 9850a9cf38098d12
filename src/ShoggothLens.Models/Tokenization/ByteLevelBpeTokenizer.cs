using System.Collections.Concurrent;
using System.Text;

namespace ShoggothLens.Models.Tokenization;

/// <summary>
/// GPT-2 style byte-level BPE (GPT-2, Qwen, Llama 3, the organism): pre-tokenize with a regex, turn
/// each pre-token's UTF-8 bytes into GPT-2's printable characters, then apply the merges in rank order.
/// A token's offsets are the characters its bytes came from, so tokens that split a character overlap.
/// </summary>
public sealed class ByteLevelBpeTokenizer : TextTokenizer
{
    const int MaxCachedWords = 100_000;

    readonly IReadOnlyDictionary<string, int> _vocabulary;
    readonly BpeMergeTable _merges;
    readonly ByteLevelBpeOptions _options;
    readonly int[] _byteIds = new int[256];
    readonly ConcurrentDictionary<string, BpeSymbol[]> _cache = new(StringComparer.Ordinal);

    public ByteLevelBpeTokenizer(IReadOnlyDictionary<string, int> vocabulary, BpeMergeTable merges,
        ByteLevelBpeOptions options, IReadOnlyList<AddedToken> addedTokens, SpecialTokenIds specials)
        : base(vocabulary, addedTokens, specials)
    {
        _vocabulary = vocabulary;
        _merges = merges;
        _options = options;
        for (int b = 0; b < 256; b++)
            _byteIds[b] = vocabulary.TryGetValue(ByteLevelAlphabet.ByteToChar((byte)b).ToString(), out int id) ? id : -1;
    }

    public ByteLevelBpeTokenizer(ByteLevelBpeModel model)
        : this(model.Vocabulary, model.MergeTable, model.Options, model.AddedTokens, model.Specials)
    {
    }

    protected override void EncodeSegment(string text, TextSegment segment, List<TokenPiece> output)
    {
        // The prefix space (when asked for) is a character of no width at the segment's start.
        string work = text.Substring(segment.Start, segment.Length);
        int shift = segment.Start;
        bool prefixed = _options.AddPrefixSpace && segment.StartsText && !work.StartsWith(' ');
        if (prefixed)
        {
            work = " " + work;
            shift--;
        }

        var words = new List<(int Start, int End)>();
        _options.PreTokenizer.Split(work, 0, work.Length, words);
        var bytes = new List<byte>();
        var byteStarts = new List<int>();
        var byteEnds = new List<int>();
        Span<byte> utf8 = stackalloc byte[4];
        foreach (var (wordStart, wordEnd) in words)
        {
            bytes.Clear();
            byteStarts.Clear();
            byteEnds.Clear();
            for (int i = wordStart; i < wordEnd;)
            {
                System.Text.Rune.DecodeFromUtf16(work.AsSpan(i, wordEnd - i), out var rune, out int chars);
                int count = rune.EncodeToUtf8(utf8);
                bool isPrefix = prefixed && i == 0;
                for (int k = 0; k < count; k++)
                {
                    bytes.Add(utf8[k]);
                    byteStarts.Add(isPrefix ? segment.Start : i + shift);
                    byteEnds.Add(isPrefix ? segment.Start : i + shift + chars);
                }
                i += chars;
            }
            foreach (var symbol in EncodeWord(bytes))
            {
                int id = symbol.Id >= 0 ? symbol.Id : _options.UnknownId ?? -1;
                if (id < 0)
                    continue;
                output.Add(new TokenPiece(id, IdToToken(id) ?? "", byteStarts[symbol.Start], byteEnds[symbol.Start + symbol.Length - 1]));
            }
        }
    }

    /// <summary>BPE over one pre-token's bytes; symbols index into those bytes.</summary>
    BpeSymbol[] EncodeWord(List<byte> bytes)
    {
        var key = string.Create(bytes.Count, bytes, static (chars, b) =>
        {
            for (int i = 0; i < chars.Length; i++)
                chars[i] = ByteLevelAlphabet.ByteToChar(b[i]);
        });
        if (_cache.TryGetValue(key, out var cached))
            return cached;

        BpeSymbol[] result;
        if (_options.IgnoreMerges && _vocabulary.TryGetValue(key, out int whole))
        {
            result = [new BpeSymbol(whole, 0, bytes.Count)];
        }
        else
        {
            var initial = new BpeSymbol[bytes.Count];
            for (int i = 0; i < bytes.Count; i++)
                initial[i] = new BpeSymbol(_byteIds[bytes[i]], i, 1);
            result = BpeMerger.Merge(initial, (left, right) =>
                _merges.TryGet(left.Id, right.Id, out int rank, out int merged) ? (rank, merged) : null).ToArray();
        }
        if (_cache.Count >= MaxCachedWords)
            _cache.Clear();
        _cache[key] = result;
        return result;
    }

    protected override string DecodeSegment(IReadOnlyList<int> ids, bool startsText)
    {
        var bytes = new List<byte>();
        foreach (int id in ids)
        {
            foreach (char c in IdToToken(id) ?? "")
            {
                if (ByteLevelAlphabet.TryCharToByte(c, out byte b))
                    bytes.Add(b);
                else
                    bytes.AddRange(Encoding.UTF8.GetBytes(c.ToString()));
            }
        }
        // Like Hugging Face's ByteLevel decoder: a prefix space the encoder added stays.
        return Encoding.UTF8.GetString(bytes.ToArray());
    }
}
