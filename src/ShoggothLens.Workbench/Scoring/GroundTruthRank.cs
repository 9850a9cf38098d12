using ShoggothLens.Core.Analysis;

namespace ShoggothLens.Workbench.Scoring;

/// <summary>Where the planted motive's feature ranks among a catalog's hidden-motive candidates in one order.</summary>
/// <param name="Candidates">Hidden-motive candidates in the catalog.</param>
/// <param name="Rank">1-based rank of the first candidate whose home persona is the covert one and whose leaks share the
/// trigger label; null when no candidate is.</param>
/// <param name="Feature">That candidate's feature id; -1 when none.</param>
/// <param name="TriggerShare">Share of its leak conversations that carry the trigger label.</param>
/// <param name="LeakDocuments">Assistant conversations it leaks into.</param>
public sealed record GroundTruthRank(HiddenMotiveRanking.Order Order, int Candidates, int? Rank, int Feature, double TriggerShare, long LeakDocuments);
