namespace ShoggothLens.Core.Analysis;

/// <summary>
/// The catalog-only order of hidden-motive candidates (the browser's and the review queue's): outside-role features
/// whose Wilson lower bound of freq(Assistant) exceeds the floor, by evidence (descending), then by feature id. No label
/// is read (a label-reading "shared trigger" order existed once and was removed: labels are ground truth, and
/// only scoring may read them). The candidates report (Workbench/Candidates) refines it with the specificity test and trigger discovery.
/// </summary>
public static class HiddenMotiveRanking
{
    public static IReadOnlyList<FeatureStatistics> Rank(IEnumerable<FeatureStatistics> features) =>
        features.Where(f => f.Scores.HiddenMotiveCandidate)
            .OrderByDescending(f => f.Scores.HiddenMotiveEvidence)
            .ThenBy(f => f.Feature)
            .ToList();
}
