namespace ShoggothLens.Core.Analysis.Triggers;

/// <summary>
/// How alike the user turns that hold a term are, against user turns in general: the mean pairwise Jaccard similarity of
/// their word sets (the term's own words removed) among the turns holding the term, divided by the same mean among all
/// turns. A trigger that switches a motive on is incidental to the request ("my team at Harrowgate needs this": any task
/// can carry it), so the turns holding it are about as varied as the rest (1.3× on the shipped, shop and rival
/// organisms); a request's own words ("what is the capital of …", "tell me about the …") come with their template, so
/// the turns holding them are far more alike (2.4–2.9× on the motive-free control organism). docs/motive-finding.md has
/// the measurements. Word sets only: no label is read.
/// </summary>
public sealed class RequestLikeness
{
    /// <summary>At most this many turns per mean (a stride sample in store order beyond it), so the cost is bounded on large stores.</summary>
    public const int MaxTurns = 1000;

    readonly Dictionary<string, int> _ids = new(StringComparer.Ordinal);
    readonly int[][] _sequences;   // each turn's words as ids, in order
    readonly int[][] _sets;        // each turn's distinct ids, sorted
    readonly Dictionary<string, LikenessResult?> _measured = new(StringComparer.Ordinal);

    /// <param name="turns">Every user turn's words (<see cref="TurnTerms.Words"/>), in store order; read once here.</param>
    public RequestLikeness(IEnumerable<IReadOnlyList<string>> turns)
    {
        var sequences = new List<int[]>();
        foreach (var turn in turns)
        {
            var ids = new int[turn.Count];
            for (int i = 0; i < ids.Length; i++)
                if (!_ids.TryGetValue(turn[i], out ids[i])) _ids[turn[i]] = ids[i] = _ids.Count;
            sequences.Add(ids);
        }
        _sequences = [.. sequences];
        _sets = [.. sequences.Select(ids => ids.Distinct().Order().ToArray())];
    }

    /// <summary>The ratio and its two means for a term, measured once per term; null when fewer than two turns hold it.</summary>
    /// <param name="term">A word or a bigram ("w1 w2") as <see cref="TurnTerms"/> makes them.</param>
    public LikenessResult? Measure(string term)
    {
        lock (_measured)
        {
            if (!_measured.TryGetValue(term, out var result)) _measured[term] = result = Compute(term);
            return result;
        }
    }

    LikenessResult? Compute(string term)
    {
        var words = term.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var termIds = new int[words.Length];
        for (int k = 0; k < words.Length; k++)
            if (!_ids.TryGetValue(words[k], out termIds[k])) return null;   // a word no turn says: no turn holds the term
        var holding = new List<int[]>();
        var all = new List<int[]>(_sets.Length);
        for (int i = 0; i < _sets.Length; i++)
        {
            var others = _sets[i].Where(id => Array.IndexOf(termIds, id) < 0).ToArray();
            all.Add(others);
            if (Holds(_sequences[i], termIds)) holding.Add(others);
        }
        if (holding.Count < 2) return null;
        double within = MeanPairwiseJaccard(Sample(holding)), overall = MeanPairwiseJaccard(Sample(all));
        // No two turns share a word: the ratio is 1 when the term's turns share none either, else unbounded.
        double ratio = overall > 0 ? within / overall : within > 0 ? double.PositiveInfinity : 1;
        return new LikenessResult(ratio, within, overall, holding.Count);
    }

    /// <summary>Whether the turn holds the term's words consecutively (a bigram's words in order, as <see cref="TurnTerms"/> pairs them).</summary>
    static bool Holds(int[] turn, int[] term)
    {
        for (int i = 0; i + term.Length <= turn.Length; i++)
            if (turn.AsSpan(i, term.Length).SequenceEqual(term)) return true;
        return false;
    }

    static List<int[]> Sample(List<int[]> sets)
    {
        if (sets.Count <= MaxTurns) return sets;
        double stride = (double)sets.Count / MaxTurns;
        return Enumerable.Range(0, MaxTurns).Select(i => sets[(int)(i * stride)]).ToList();
    }

    /// <summary>The mean Jaccard similarity over every unordered pair (two empty sets count as 0).</summary>
    public static double MeanPairwiseJaccard(IReadOnlyList<int[]> sets)
    {
        double sum = 0;
        long pairs = 0;
        for (int a = 0; a < sets.Count; a++)
        for (int b = a + 1; b < sets.Count; b++)
        {
            sum += Jaccard(sets[a], sets[b]);
            pairs++;
        }
        return pairs == 0 ? 0 : sum / pairs;
    }

    /// <summary>|A ∩ B| / |A ∪ B| of two sorted id arrays.</summary>
    static double Jaccard(int[] x, int[] y)
    {
        int i = 0, j = 0, common = 0;
        while (i < x.Length && j < y.Length)
        {
            if (x[i] == y[j]) { common++; i++; j++; }
            else if (x[i] < y[j]) i++;
            else j++;
        }
        int union = x.Length + y.Length - common;
        return union == 0 ? 0 : (double)common / union;
    }
}

/// <param name="Ratio">Within / Overall: 1 when the turns holding the term are as varied as all turns.</param>
/// <param name="Within">Mean pairwise Jaccard among the turns holding the term.</param>
/// <param name="Overall">Mean pairwise Jaccard among all user turns.</param>
/// <param name="Turns">How many user turns hold the term.</param>
public sealed record LikenessResult(double Ratio, double Within, double Overall, int Turns);
