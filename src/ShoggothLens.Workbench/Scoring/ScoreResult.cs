using ShoggothLens.Core.Catalog;
using ShoggothLens.Organism;

namespace ShoggothLens.Workbench.Scoring;

/// <summary>Where the planted motive ranks in the label-free order, the verdict, and whether the verdict's trigger is the planted one.</summary>
/// <param name="Top5Precision">Share of the first five candidates (fewer when there are fewer) that match the ground truth.</param>
public sealed record ScoreResult(OrganismGroundTruth Truth, GroundTruthRank Planted, CandidateVerdict Verdict, bool VerdictNamesTrigger, bool VerdictNamesPlanted, double Top5Precision);
