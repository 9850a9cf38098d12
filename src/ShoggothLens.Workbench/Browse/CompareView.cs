using ShoggothLens.Core.Analysis;

namespace ShoggothLens.Workbench.Browse;

/// <summary>
/// The comparison the tool exists for: every live feature as a point (freq inside the Assistant role, freq outside
/// it), the Assistant's own features (persona-aligned, by affinity) beside the other characters' features that fire inside
/// Assistant turns (the label-free report's candidates first, in its order, then the outside-role leaks by freq(Assistant)),
/// and with a model diff each candidate's Assistant activity in both checkpoints, the outside-role leaks that are new after
/// post-training and the features whose Assistant activity rose most.
/// </summary>
/// <param name="Candidates">The model diff's rows of the report's candidates, in the report's order (empty without a diff).</param>
/// <param name="StartedLeaking">Outside-role leaks of the analysed checkpoint that were none in the base (<see cref="FeatureDiff.StartsLeaking"/>).</param>
public sealed record CompareView(
    IReadOnlyList<FeatureSummary> Points,
    IReadOnlyList<FeatureSummary> PersonaAligned,
    IReadOnlyList<FeatureSummary> OutsideInAssistant,
    IReadOnlyList<FeatureDiff> Candidates,
    IReadOnlyList<FeatureDiff> StartedLeaking,
    IReadOnlyList<FeatureDiff> LargestRises)
{
    public static CompareView Build(LoadedCatalog catalog, int listLength = 25)
    {
        var index = catalog.Index;
        var live = index.Rows.Where(r => !r.IsDead).ToList();
        var aligned = live.Where(r => r.Class == FeatureClass.PersonaAligned)
            .OrderByDescending(r => r.Affinity).ThenBy(r => r.Feature).Take(listLength).ToList();
        var outside = live.Where(r => r.Class == FeatureClass.Candidate || (r.OutsideRole && r.AssistantFrequency > 0))
            .OrderBy(r => r.CandidateRank is null).ThenBy(r => r.CandidateRank).ThenByDescending(r => r.AssistantFrequency).ThenBy(r => r.Feature)
            .Take(listLength).ToList();
        var diff = catalog.ModelDiff;
        var byFeature = diff?.Features.ToDictionary(d => d.Feature);
        var candidates = byFeature is null ? [] : index.Candidates.Select(id => byFeature.GetValueOrDefault(id)).OfType<FeatureDiff>().Take(listLength).ToList();
        var started = diff?.StartingToLeak.OrderByDescending(d => d.LogRatio).ThenBy(d => d.Feature).Take(listLength).ToList() ?? [];
        var rises = diff?.Features.Where(d => d.Delta > 0).OrderByDescending(d => d.LogRatio).ThenBy(d => d.Feature).Take(listLength).ToList() ?? [];
        return new CompareView(live, aligned, outside, candidates, started, rises);
    }
}
