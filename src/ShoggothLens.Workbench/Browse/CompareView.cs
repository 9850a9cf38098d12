using ShoggothLens.Core.Analysis;

namespace ShoggothLens.Workbench.Browse;

/// <summary>
/// The comparison the tool exists for: every live feature as a point (freq inside the Assistant role, freq outside
/// it), the Assistant's own features (persona-aligned, by affinity) beside the outside-role features that fire inside
/// Assistant turns (candidates first, by rank, then by freq(Assistant)), and with a model diff the features whose
/// Assistant activity changed most between the checkpoints.
/// </summary>
public sealed record CompareView(
    IReadOnlyList<FeatureSummary> Points,
    IReadOnlyList<FeatureSummary> PersonaAligned,
    IReadOnlyList<FeatureSummary> OutsideInAssistant,
    IReadOnlyList<FeatureDiff> StartedLeaking,
    IReadOnlyList<FeatureDiff> LargestRises)
{
    public static CompareView Build(LoadedCatalog catalog, int listLength = 25)
    {
        var index = catalog.Index;
        var live = index.Rows.Where(r => !r.IsDead).ToList();
        var aligned = live.Where(r => r.Class == FeatureClass.PersonaAligned)
            .OrderByDescending(r => r.Affinity).ThenBy(r => r.Feature).Take(listLength).ToList();
        var outside = live.Where(r => r.Class is FeatureClass.OutsideRole or FeatureClass.Candidate && r.AssistantFrequency > 0)
            .OrderBy(r => r.CandidateRank is null).ThenBy(r => r.CandidateRank).ThenByDescending(r => r.AssistantFrequency).ThenBy(r => r.Feature)
            .Take(listLength).ToList();
        var diff = catalog.ModelDiff;
        var started = diff?.StartingToLeak.OrderByDescending(d => d.LogRatio).ThenBy(d => d.Feature).Take(listLength).ToList() ?? [];
        var rises = diff?.Features.Where(d => d.Delta > 0).OrderByDescending(d => d.LogRatio).ThenBy(d => d.Feature).Take(listLength).ToList() ?? [];
        return new CompareView(live, aligned, outside, started, rises);
    }
}
