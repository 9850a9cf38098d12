namespace ShoggothLens.Models.Tokenization;

/// <summary>
/// The BPE merge loop shared by byte-level BPE and SentencePiece BPE: repeatedly merge the
/// adjacent pair with the best priority (lowest value; ties go to the leftmost pair), as both
/// Hugging Face tokenizers and sentencepiece do with a heap. O(n log n) in the word's length.
/// </summary>
public static class BpeMerger
{
    /// <summary>
    /// Tells whether two adjacent symbols merge: null if not, else the merge's priority (lower
    /// merges first: a merge rank, or a negated SentencePiece score) and the merged token's id.
    /// </summary>
    public delegate (double Priority, int MergedId)? PairLookup(BpeSymbol left, BpeSymbol right);

    public static List<BpeSymbol> Merge(IReadOnlyList<BpeSymbol> initial, PairLookup lookup)
    {
        int n = initial.Count;
        var symbols = initial.ToArray();
        var prev = new int[n];
        var next = new int[n];
        for (int i = 0; i < n; i++)
        {
            prev[i] = i - 1;
            next[i] = i + 1 < n ? i + 1 : -1;
        }

        // Queue entries remember the ids they were made for; an entry whose symbols changed since is stale.
        var queue = new PriorityQueue<(int Left, int Right, int LeftId, int RightId, int MergedId), (double, int)>();
        void Consider(int left, int right)
        {
            if (left < 0 || right < 0 || symbols[left].Frozen || symbols[right].Frozen)
                return;
            if (lookup(symbols[left], symbols[right]) is { } merge)
                queue.Enqueue((left, right, symbols[left].Id, symbols[right].Id, merge.MergedId), (merge.Priority, left));
        }
        for (int i = 0; i + 1 < n; i++)
            Consider(i, i + 1);

        while (queue.TryDequeue(out var pair, out _))
        {
            var (left, right) = (pair.Left, pair.Right);
            if (symbols[left].Length == 0 || symbols[right].Length == 0 || next[left] != right
                || symbols[left].Id != pair.LeftId || symbols[right].Id != pair.RightId)
                continue;
            symbols[left] = symbols[left] with { Id = pair.MergedId, Length = symbols[left].Length + symbols[right].Length };
            symbols[right] = symbols[right] with { Length = 0 };
            next[left] = next[right];
            if (next[left] >= 0)
                prev[next[left]] = left;
            Consider(prev[left], left);
            Consider(left, next[left]);
        }

        var result = new List<BpeSymbol>();
        for (int i = n > 0 ? 0 : -1; i >= 0; i = next[i])
            result.Add(symbols[i]);
        return result;
    }
}
