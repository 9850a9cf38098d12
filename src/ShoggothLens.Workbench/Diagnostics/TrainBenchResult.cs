using ShoggothLens.Sae.Architectures;

namespace ShoggothLens.Workbench.Diagnostics;

/// <summary>
/// What <see cref="TrainStepBenchmark.Run"/> measured: tokens/s over all rounds of the dense baseline and of the
/// sparse step, and each round's sparse/dense ratio (their spread).
/// </summary>
public sealed record TrainBenchResult(
    SaeArchitecture Architecture,
    int DIn,
    int Width,
    int K,
    int Batch,
    int Rounds,
    int BaselineStepsPerRound,
    int StepsPerRound,
    string Baseline,
    string Backend,
    double BaselineTokensPerSecond,
    double TokensPerSecond,
    IReadOnlyList<double> RoundRatios,
    int TorchThreads);
