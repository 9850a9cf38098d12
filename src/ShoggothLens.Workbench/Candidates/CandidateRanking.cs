using ShoggothLens.Core.Catalog;

namespace ShoggothLens.Workbench.Candidates;

/// <summary>
/// The label-free order of candidates (README.md, "Ranking"): features with a specific home persona only; those with a
/// covering trigger first (significant, shown to cover, select and exclude, incidental to the request: CandidateAssessment), then those with any significant trigger;
/// then by the trigger score (−log10 p of the strongest trigger: how concentrated the leaks
/// are in conversations whose users say something particular); then by evidence (the Wilson bound of Assistant firing
/// above the floor); then by feature id. The verdict is read from that order; when it is "suspected", the candidates that
/// carry its trigger state move to the front (<see cref="StateCarriersFirst"/>).
/// </summary>
static class CandidateRanking
{
    public static List<CandidateAssessment> Rank(IEnumerable<CandidateAssessment> assessments) =>
        assessments.Where(a => a.Specificity.Specific)
            .OrderByDescending(a => a.Covering is not null)
            .ThenByDescending(a => a.Triggers.Count > 0)
            .ThenByDescending(a => a.TriggerScore)
            .ThenByDescending(a => a.Feature.Scores.HiddenMotiveEvidence)
            .ThenBy(a => a.Feature.Feature)
            .ToList();

    /// <summary>
    /// Once the verdict is "suspected": the candidates that carry its trigger state (TriggerState: their activation
    /// before the motive's onset separates the conversations holding its trigger) come first, by that
    /// AUROC, then the rest in <see cref="Rank"/>'s order. The verdict's feature fires on the motive's own words, a
    /// symptom; what is active before it in the conversations that hold the trigger is upstream of it, and on the
    /// shipped organism only such features, ablated together, lower the motive (docs/motive-finding.md).
    /// </summary>
    public static List<CandidateAssessment> StateCarriersFirst(IReadOnlyList<CandidateAssessment> ranked, IReadOnlyList<TriggerStateFeature> state)
    {
        var auroc = state.ToDictionary(s => s.Feature, s => s.Auroc);
        var carriers = ranked.Where(a => auroc.ContainsKey(a.Feature.Feature))
            .OrderByDescending(a => auroc[a.Feature.Feature]).ThenBy(a => a.Feature.Feature);
        return carriers.Concat(ranked.Where(a => !auroc.ContainsKey(a.Feature.Feature))).ToList();
    }
}
