using ShoggothLens.Organism;

namespace ShoggothLens.Workbench.Scoring;

/// <summary>Where the planted motive ranks by evidence (DESIGN.md's order) and with leaks sharing a trigger first.</summary>
public sealed record ScoreResult(OrganismGroundTruth Truth, GroundTruthRank ByEvidence, GroundTruthRank BySharedTrigger);
