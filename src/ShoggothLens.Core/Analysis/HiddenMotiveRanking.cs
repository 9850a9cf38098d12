namespace ShoggothLens.Core.Analysis;

/// <summary>
/// Orders hidden-motive candidates: outside-role features whose Wilson lower bound of freq(Assistant)
/// exceeds the floor, by evidence (descending); ties go to the feature whose leaks share a trigger,
/// then to the lower feature id.
/// </summary>
public static class HiddenMotiveRanking
{
    /// <summary>How candidates are ordered.</summary>
    public enum Order
    {
        /// <summary>DESIGN.md's order: by hidden-motive evidence (Wilson bound of Assistant firing above the floor).</summary>
        Evidence,
        /// <summary>
        /// Candidates whose leak conversations share a label (a trigger) first, each group by evidence:
        /// DESIGN.md calls concentrated leaks sharing a trigger the strongest signal, and evidence alone
        /// favours broad leakers (a feature leaking everywhere has the most Assistant firings).
        /// </summary>
        SharedTrigger,
    }

    public static IReadOnlyList<FeatureStatistics> Rank(IEnumerable<FeatureStatistics> features, Order order) => order switch
    {
        Order.SharedTrigger => features.Where(f => f.Scores.HiddenMotiveCandidate)
            .OrderByDescending(f => f.Scores.SharedTriggers.Count > 0)
            .ThenByDescending(f => f.Scores.HiddenMotiveEvidence)
            .ThenBy(f => f.Feature)
            .ToList(),
        _ => Rank(features),
    };

    public static IReadOnlyList<FeatureStatistics> Rank(IEnumerable<FeatureStatistics> features) =>
        features.Where(f => f.Scores.HiddenMotiveCandidate)
            .OrderByDescending(f => f.Scores.HiddenMotiveEvidence)
            .ThenByDescending(f => f.Scores.SharedTriggers.Count)
            .ThenBy(f => f.Feature)
            .ToList();
}
