using ShoggothLens.Core.Catalog;

namespace ShoggothLens.Workbench.Analysis;

/// <summary>What <see cref="AnalyzeWorkflow"/> wrote.</summary>
/// <param name="Catalog">The catalog folder (feature catalog, persona vectors, model diff when compared).</param>
/// <param name="Features">Features analysed (the SAE's width).</param>
/// <param name="Tokens">Tokens of the store analysed.</param>
/// <param name="Hook">The store's hook that was read.</param>
/// <param name="OutsideRoleLeaks">Outside-role features that fire in Assistant turns above the floor (<see cref="Core.Analysis.FeatureScores.OutsideRoleLeak"/>).
/// Not the hidden-motive candidates: analyze does not test for a specific home persona; <c>Candidates.CandidatesWorkflow</c> does.</param>
/// <param name="ModelDiff">The model diff against the compared store; null without one.</param>
/// <param name="ResumedFrom">Where the streaming pass resumed from a checkpoint; null for a fresh start.</param>
/// <param name="IgnoredCheckpoint">Why a checkpoint found in the folder was not resumed (it belongs to other inputs); null when none was ignored.</param>
public sealed record AnalyzeResult(
    CatalogFolder Catalog,
    int Features,
    long Tokens,
    string Hook,
    int OutsideRoleLeaks,
    ModelDiffSummary? ModelDiff,
    AnalysisResume? ResumedFrom,
    string? IgnoredCheckpoint);

/// <summary>The model diff that was written: against which store, and how many outside-role leaks are new there.</summary>
/// <param name="CompareStore">The compared store, as given.</param>
/// <param name="StartingToLeak">Outside-role leaks of the analysed store that are none in the compared one (<see cref="Core.Analysis.FeatureDiff.StartsLeaking"/>).</param>
public sealed record ModelDiffSummary(string CompareStore, int StartingToLeak);

/// <summary>Where a resumed streaming pass started.</summary>
/// <param name="Compared">True when it resumed in the compared store's pass (the analysed store's pass was finished).</param>
/// <param name="Token">The store token it resumed at.</param>
public sealed record AnalysisResume(bool Compared, long Token);
