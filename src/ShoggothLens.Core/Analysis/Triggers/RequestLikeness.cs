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
public static class RequestLikeness
{
    /// <summary>At most this many turns per mean (a stride sample in store order beyond it), so the cost is bounded on large stores.</summary>
    public const int MaxTurns = 1000;

    /// <summary>The ratio and its two means; null when fewer than two turns hold the term.</summary>
    /// <param name="turns">Every user turn's words (<see cref="TurnTerms.Words"/>), in store order.</param>
    /// <param name="term">A word or a bigram ("w1 w2") as <see cref="TurnTerms"/> makes them.</param>
    public static LikenessResult? Measure(IReadOnlyList<IReadOnlyList<string>> turns, string term)
    {
        var termWords = term.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var ids = new Dictionary<string, int>(StringComparer.Ordinal);
        var holding = new List<int[]>();
        var all = new List<int[]>();
        foreach (var turn in turns)
        {
            bool holds = Holds(turn, termWords);
            var set = new SortedSet<int>();
            foreach (var w in turn)
            {
                if (Array.IndexOf(termWords, w) >= 0) continue;
                if (!ids.TryGetValue(w, out int id)) ids[w] = id = ids.Count;
                set.Add(id);
            }
            var arr = set.ToArray();
            all.Add(arr);
            if (holds) holding.Add(arr);
        }
        if (holding.Count < 2) return null;
        double within = MeanPairwiseJaccard(Sample(holding)), overall = MeanPairwiseJaccard(Sample(all));
        // No two turns share a word: the ratio is 1 when the term's turns share none either, else unbounded.
        double ratio = overall > 0 ? within / overall : within > 0 ? double.PositiveInfinity : 1;
        return new LikenessResult(ratio, within, overall, holding.Count);
    }

    /// <summary>Whether the words hold the term's words consecutively (a bigram's words in order, as <see cref="TurnTerms"/> pairs them).</summary>
    static bool Holds(IReadOnlyList<string> words, string[] termWords)
    {
        for (int i = 0; i + termWords.Length <= words.Count; i++)
        {
            int j = 0;
            while (j < termWords.Length && words[i + j] == termWords[j]) j++;
            if (j == termWords.Length) return true;
        }
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
