namespace ShoggothLens.Workbench.Candidates;

/// <summary>
/// The label-free order of candidates (README.md, "Ranking"): features with a specific home persona only; those with a
/// covering trigger first (significant, shown to cover, select and exclude, incidental to the request: CandidateAssessment), then those with any significant trigger;
/// then by the trigger score (−log10 p of the strongest trigger: how concentrated the leaks
/// are in conversations whose users say something particular); then by evidence (the Wilson bound of Assistant firing
/// above the floor); then by feature id.
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
}
