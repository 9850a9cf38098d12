using ShoggothLens.Sae.Backends;

namespace ShoggothLens.Workbench.Diagnostics;

/// <summary>What <see cref="GpuCheckWorkflow.Fve"/> measured. <see cref="K"/> is the k asked for (the setup's is 0 for ReLU and JumpReLU).</summary>
public sealed record GpuFveResult(
    SaeTrainingSetup Setup,
    string Backend,
    int K,
    int Batch,
    int Steps,
    long Tokens,
    double LastTrainMse,
    double HeldoutFve,
    double TrainSeconds);
