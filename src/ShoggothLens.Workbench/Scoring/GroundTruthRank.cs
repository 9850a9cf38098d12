namespace ShoggothLens.Workbench.Scoring;

/// <summary>Where the planted motive's feature ranks in the label-free candidate order.</summary>
/// <param name="Candidates">Candidates in the report (features with a specific home persona).</param>
/// <param name="Rank">1-based rank of the first candidate whose home persona is the covert one and whose leaks share the
/// trigger label; null when no candidate is.</param>
/// <param name="Feature">That candidate's feature id; else the best (by evidence) considered feature that would match but was
/// rejected; -1 when none.</param>
/// <param name="TriggerShare">Share of its leak conversations that carry the trigger label.</param>
/// <param name="LeakDocuments">Assistant conversations it leaks into.</param>
/// <param name="Rejected">Why the matching feature is not a candidate, when it was rejected; else null.</param>
public sealed record GroundTruthRank(int Candidates, int? Rank, int Feature, double TriggerShare, long LeakDocuments, string? Rejected = null);
