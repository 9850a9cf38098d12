namespace ShoggothLens.Core.Analysis;

/// <summary>
/// Orders hidden-motive candidates: outside-role features whose Wilson lower bound of freq(Assistant)
/// exceeds the floor, by evidence (descending); ties go to the feature whose leaks share a trigger,
/// then to the lower feature id.
/// </summary>
public static class HiddenMotiveRanking
{
    public static IReadOnlyList<FeatureStatistics> Rank(IEnumerable<FeatureStatistics> features) =>
        features.Where(f => f.Scores.HiddenMotiveCandidate)
            .OrderByDescending(f => f.Scores.HiddenMotiveEvidence)
            .ThenByDescending(f => f.Scores.SharedTriggers.Count)
            .ThenBy(f => f.Feature)
            .ToList();
}
