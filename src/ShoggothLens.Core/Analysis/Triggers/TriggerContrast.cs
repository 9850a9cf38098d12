namespace ShoggothLens.Core.Analysis.Triggers;

/// <summary>
/// Trigger discovery: contrasts the user turns of the conversations a feature fires in (the leaks) with those of the
/// conversations it does not fire in. Every term present in either group is tested with Fisher's exact one-sided test on
/// document presence; Benjamini–Hochberg controls the false discovery rate over all terms tested for the feature. A term
/// is a trigger when q ≤ <see cref="FalseDiscoveryRate"/>, it appears in at least <see cref="MinLeakDocuments"/> leak
/// conversations, and its log-odds ratio is at least <see cref="MinLogOddsRatio"/> (the effect-size minimum: twice the odds).
/// The input is token text and roles only: no label is read.
/// </summary>
public static class TriggerContrast
{
    public const double FalseDiscoveryRate = 0.05;
    public const int MinLeakDocuments = 3;
    public static readonly double MinLogOddsRatio = Math.Log(2);

    /// <summary>The significant terms, strongest (lowest p, then largest effect, then fewer words) first.</summary>
    /// <param name="terms">Each conversation's user-turn terms (<see cref="TurnTerms"/>).</param>
    /// <param name="leak">For each conversation, whether the feature fires in its Assistant turns.</param>
    public static IReadOnlyList<TriggerTerm> Find(IReadOnlyList<IReadOnlySet<string>> terms, IReadOnlyList<bool> leak)
    {
        if (terms.Count != leak.Count) throw new ArgumentException("one leak flag per conversation");
        int n1 = leak.Count(l => l), n2 = leak.Count - n1;
        if (n1 == 0 || n2 == 0) return [];
        var counts = new Dictionary<string, (int InLeaks, int InOthers)>(StringComparer.Ordinal);
        for (int d = 0; d < terms.Count; d++)
        {
            foreach (string term in terms[d])
            {
                var c = counts.GetValueOrDefault(term);
                counts[term] = leak[d] ? (c.InLeaks + 1, c.InOthers) : (c.InLeaks, c.InOthers + 1);
            }
        }
        var names = counts.Keys.Order(StringComparer.Ordinal).ToList();
        var p = names.Select(t => FisherExact.UpperTail(counts[t].InLeaks, n1, counts[t].InOthers, n2)).ToList();
        var q = BenjaminiHochberg.Adjust(p);
        var found = new List<TriggerTerm>();
        for (int i = 0; i < names.Count; i++)
        {
            var (a, b) = counts[names[i]];
            double lor = LogOddsRatio(a, n1, b, n2);
            if (q[i] <= FalseDiscoveryRate && a >= MinLeakDocuments && lor >= MinLogOddsRatio)
                found.Add(new TriggerTerm(names[i], a, n1, b, n2, p[i], q[i], lor));
        }
        // Ties (a bigram that always comes with its word) go to the shorter term: the bigram adds nothing.
        return found.OrderBy(t => t.P).ThenByDescending(t => t.LogOddsRatio).ThenBy(t => t.Term.Count(c => c == ' ')).ThenBy(t => t.Term, StringComparer.Ordinal).ToList();
    }

    /// <summary>The log-odds ratio of holding the term, leaks against others, with Haldane's ½ in every cell.</summary>
    public static double LogOddsRatio(int a, int n1, int b, int n2) =>
        Math.Log((a + 0.5) * (n2 - b + 0.5) / ((n1 - a + 0.5) * (b + 0.5)));
}
