using ShoggothLens.Sae.Backends;

namespace ShoggothLens.Workbench.Diagnostics;

/// <summary>What <see cref="GpuCheckWorkflow.Compare"/> found: the largest relative differences and whether they are within the tolerance.</summary>
public sealed record GpuCompareResult(
    SaeTrainingSetup Setup,
    string Device,
    string Product,
    string Reference,
    int Batch,
    int Steps,
    double MaxLossRelDiff,
    double MaxWeightRelDiff,
    string WorstTensor,
    int FiredCountMismatch,
    bool Ok);
