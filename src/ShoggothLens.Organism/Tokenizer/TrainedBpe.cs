using System.Text;
using ShoggothLens.Models.Tokenization;

namespace ShoggothLens.Organism.Tokenizer;

/// <summary>
/// A byte-level BPE as the trainer learned it: ids 0–255 are the bytes (as GPT-2's printable
/// byte characters, in byte order), then one token per merge in rank order, then the special tokens.
/// <see cref="Encode"/> is a plain reference encoder (rank-ordered merges over GPT-2 pre-tokens);
/// the repository's tokenizer loader must give the same ids from the written files.
/// </summary>
public sealed class TrainedBpe
{
    readonly Dictionary<string, int> _ids;
    readonly Dictionary<(string, string), int> _ranks;

    public TrainedBpe(IReadOnlyList<(string Left, string Right)> merges, IReadOnlyList<string> specialTokens)
    {
        var tokens = new List<string>(256 + merges.Count + specialTokens.Count);
        for (int b = 0; b < 256; b++) tokens.Add(ByteLevelAlphabet.ByteToChar((byte)b).ToString());
        // Two merges can make the same string ("a"+"bc", "ab"+"c"): it is one token.
        var seen = new HashSet<string>(tokens, StringComparer.Ordinal);
        tokens.AddRange(merges.Select(m => m.Left + m.Right).Where(seen.Add));
        tokens.AddRange(specialTokens);
        Tokens = tokens;
        Merges = merges;
        SpecialTokens = specialTokens;
        _ids = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int i = 0; i < tokens.Count; i++)
            if (!_ids.TryAdd(tokens[i], i)) throw new ArgumentException($"token '{tokens[i]}' appears twice");
        _ranks = new Dictionary<(string, string), int>();
        for (int r = 0; r < merges.Count; r++) _ranks.TryAdd(merges[r], r);
    }

    /// <summary>Token strings by id.</summary>
    public IReadOnlyList<string> Tokens { get; }
    public IReadOnlyList<(string Left, string Right)> Merges { get; }
    public IReadOnlyList<string> SpecialTokens { get; }
    public int VocabSize => Tokens.Count;

    public int IdOf(string token) => _ids.TryGetValue(token, out int id) ? id : throw new KeyNotFoundException($"no token '{token}'");

    /// <summary>Reference encoding: special tokens matched literally, everything else pre-tokenized and merged by rank.</summary>
    public IReadOnlyList<int> Encode(string text)
    {
        var ids = new List<int>();
        foreach (var (piece, special) in SplitSpecial(text, SpecialTokens))
        {
            if (special) { ids.Add(IdOf(piece)); continue; }
            var words = new List<(int Start, int End)>();
            RegexPreTokenizer.Gpt2.Split(piece, 0, piece.Length, words);
            foreach (var (start, end) in words)
                foreach (var symbol in MergeWord(ByteChars(piece[start..end])))
                    ids.Add(IdOf(symbol));
        }
        return ids;
    }

    List<string> MergeWord(string byteChars)
    {
        var symbols = byteChars.Select(c => c.ToString()).ToList();
        while (symbols.Count > 1)
        {
            int best = -1, bestRank = int.MaxValue;
            for (int i = 0; i + 1 < symbols.Count; i++)
                if (_ranks.TryGetValue((symbols[i], symbols[i + 1]), out int rank) && rank < bestRank)
                    (best, bestRank) = (i, rank);
            if (best < 0) break;
            symbols[best] += symbols[best + 1];
            symbols.RemoveAt(best + 1);
        }
        return symbols;
    }

    /// <summary>A pre-token's UTF-8 bytes as GPT-2 byte characters.</summary>
    public static string ByteChars(string word)
    {
        var bytes = Encoding.UTF8.GetBytes(word);
        var chars = new char[bytes.Length];
        for (int i = 0; i < bytes.Length; i++) chars[i] = ByteLevelAlphabet.ByteToChar(bytes[i]);
        return new string(chars);
    }

    /// <summary>Splits text into ordinary stretches and literal special tokens (leftmost, longest first).</summary>
    public static IEnumerable<(string Piece, bool Special)> SplitSpecial(string text, IReadOnlyList<string> specials)
    {
        int pos = 0;
        while (pos < text.Length)
        {
            int next = -1;
            string? found = null;
            foreach (var s in specials)
            {
                int at = text.IndexOf(s, pos, StringComparison.Ordinal);
                if (at >= 0 && (next < 0 || at < next || (at == next && s.Length > found!.Length))) (next, found) = (at, s);
            }
            if (found is null)
            {
                yield return (text[pos..], false);
                yield break;
            }
            if (next > pos) yield return (text[pos..next], false);
            yield return (found, true);
            pos = next + found.Length;
        }
    }
}
