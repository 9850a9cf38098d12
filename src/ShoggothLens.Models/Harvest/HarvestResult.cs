using ShoggothLens.Core.ActivationStore;

namespace ShoggothLens.Models.Harvest;

/// <summary>
/// How a harvest run ended: the manifest as written, the tokens this run added, the time it took
/// and how much of it the model's forward passes took, and the bad records it skipped (first few, with file:line).
/// </summary>
public sealed record HarvestResult(
    HarvestOutcome Outcome,
    StoreManifest Manifest,
    long TokensThisRun,
    TimeSpan Elapsed,
    TimeSpan ForwardTime,
    bool Resumed,
    long SkippedThisRun,
    IReadOnlyList<string> FirstProblems);
