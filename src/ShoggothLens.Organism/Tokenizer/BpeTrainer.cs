using ShoggothLens.Models.Tokenization;

namespace ShoggothLens.Organism.Tokenizer;

/// <summary>What to train: the final vocabulary size (bytes + merges + special tokens) and the special tokens.</summary>
public sealed record BpeTrainingOptions(int VocabSize, IReadOnlyList<string> SpecialTokens, int MinPairCount = 2);

/// <summary>
/// Trains a byte-level BPE the way GPT-2's was trained: split text on special tokens, pre-tokenize
/// with GPT-2's regex (<see cref="RegexPreTokenizer.Gpt2"/>, the same one the loader uses), count the
/// pre-tokens, then repeatedly merge the most frequent adjacent pair of symbols inside pre-tokens.
/// Ties go to the pair whose symbols have the smaller ids, so the result is deterministic.
/// Pair counts are updated incrementally, only in the words that contain the merged pair.
/// </summary>
public static class BpeTrainer
{
    public static TrainedBpe Train(IEnumerable<string> texts, BpeTrainingOptions options, CancellationToken cancellationToken = default)
    {
        int tokensWanted = options.VocabSize - options.SpecialTokens.Count;
        if (tokensWanted < 256) throw new ArgumentException($"a vocabulary of {options.VocabSize} cannot hold 256 bytes and {options.SpecialTokens.Count} special tokens");

        // Distinct pre-tokens (as byte characters) and how often each occurs.
        var wordCounts = new Dictionary<string, long>(StringComparer.Ordinal);
        var spans = new List<(int Start, int End)>();
        foreach (var text in texts)
            foreach (var (piece, special) in TrainedBpe.SplitSpecial(text, options.SpecialTokens))
            {
                if (special) continue;
                spans.Clear();
                RegexPreTokenizer.Gpt2.Split(piece, 0, piece.Length, spans);
                foreach (var (start, end) in spans)
                {
                    string word = TrainedBpe.ByteChars(piece[start..end]);
                    wordCounts[word] = wordCounts.GetValueOrDefault(word) + 1;
                }
            }

        // Symbols are ids: 0–255 bytes, 256+ merged tokens.
        var tokenText = new List<string>();
        var idOfText = new Dictionary<string, int>(StringComparer.Ordinal);
        var byteId = new Dictionary<char, int>();
        for (int b = 0; b < 256; b++)
        {
            char c = ByteLevelAlphabet.ByteToChar((byte)b);
            tokenText.Add(c.ToString());
            idOfText[c.ToString()] = b;
            byteId[c] = b;
        }
        var ordered = wordCounts.OrderBy(w => w.Key, StringComparer.Ordinal).ToArray();
        var words = ordered.Select(w => w.Key.Select(c => byteId[c]).ToList()).ToArray();
        var counts = ordered.Select(w => w.Value).ToArray();

        var pairCounts = new Dictionary<long, long>();
        var pairWords = new Dictionary<long, HashSet<int>>();
        for (int w = 0; w < words.Length; w++) AddPairs(w, +1);

        var merges = new List<(string, string)>();
        while (tokenText.Count < tokensWanted)
        {
            cancellationToken.ThrowIfCancellationRequested();
            long best = -1, bestCount = 0;
            foreach (var (pair, count) in pairCounts)
                if (count > bestCount || (count == bestCount && count > 0 && pair < best))
                    (best, bestCount) = (pair, count);
            if (best < 0 || bestCount < options.MinPairCount) break;

            int left = (int)(best >> 32), right = (int)(best & 0xFFFFFFFF);
            string mergedText = tokenText[left] + tokenText[right];
            if (!idOfText.TryGetValue(mergedText, out int merged))
            {
                merged = tokenText.Count;
                tokenText.Add(mergedText);
                idOfText[mergedText] = merged;
            }
            merges.Add((tokenText[left], tokenText[right]));

            foreach (int w in pairWords[best].ToArray())
            {
                AddPairs(w, -1);
                var symbols = words[w];
                for (int i = 0; i + 1 < symbols.Count; i++)
                    if (symbols[i] == left && symbols[i + 1] == right)
                    {
                        symbols[i] = merged;
                        symbols.RemoveAt(i + 1);
                    }
                AddPairs(w, +1);
            }
        }
        return new TrainedBpe(merges, options.SpecialTokens);

        void AddPairs(int w, int sign)
        {
            var symbols = words[w];
            for (int i = 0; i + 1 < symbols.Count; i++)
            {
                long key = ((long)symbols[i] << 32) | (uint)symbols[i + 1];
                long updated = pairCounts.GetValueOrDefault(key) + sign * counts[w];
                if (updated == 0)
                {
                    pairCounts.Remove(key);
                    pairWords.Remove(key);
                }
                else
                {
                    pairCounts[key] = updated;
                    if (sign > 0)
                    {
                        if (!pairWords.TryGetValue(key, out var set)) pairWords[key] = set = [];
                        set.Add(w);
                    }
                }
            }
        }
    }
}
