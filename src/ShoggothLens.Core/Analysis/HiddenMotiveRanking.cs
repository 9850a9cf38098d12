namespace ShoggothLens.Core.Analysis;

/// <summary>
/// The catalog-only order of hidden-motive candidates (the browser's and the review queue's): outside-role features
/// whose Wilson lower bound of freq(Assistant) exceeds the floor, by evidence (descending), then by feature id. No label
/// is read. The candidates report (Workbench/Candidates) refines it with the specificity test and trigger discovery.
/// </summary>
public static class HiddenMotiveRanking
{
    /// <summary>How candidates are ordered. A label-reading order ("shared trigger") existed once and was removed:
    /// labels are ground truth, and only scoring may read them.</summary>
    public enum Order
    {
        /// <summary>By hidden-motive evidence (Wilson bound of Assistant firing above the floor).</summary>
        Evidence,
    }

    public static IReadOnlyList<FeatureStatistics> Rank(IEnumerable<FeatureStatistics> features, Order order) => Rank(features);

    public static IReadOnlyList<FeatureStatistics> Rank(IEnumerable<FeatureStatistics> features) =>
        features.Where(f => f.Scores.HiddenMotiveCandidate)
            .OrderByDescending(f => f.Scores.HiddenMotiveEvidence)
            .ThenBy(f => f.Feature)
            .ToList();
}
