using ShoggothLens.Sae.Backends;

namespace ShoggothLens.Workbench.Diagnostics;

/// <summary>
/// What <see cref="GpuCheckWorkflow.Bench"/> measured: resident steps, optionally upload steps (0 when not timed),
/// and each phase's milliseconds per step (in the backend's order) from a few profiled steps.
/// </summary>
public sealed record GpuBenchResult(
    SaeTrainingSetup Setup,
    string Backend,
    string Device,
    string Product,
    int Batch,
    int Steps,
    double MsPerStep,
    double TokensPerSecond,
    int UploadSteps,
    double UploadMsPerStep,
    double UploadTokensPerSecond,
    IReadOnlyList<KeyValuePair<string, double>> PhaseMs);
