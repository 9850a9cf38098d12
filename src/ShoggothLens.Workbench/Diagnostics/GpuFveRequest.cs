namespace ShoggothLens.Workbench.Diagnostics;

/// <summary>What <see cref="GpuCheckWorkflow.Fve"/> is asked to do: train on synthetic sparse data and measure held-out FVE.</summary>
public sealed record GpuFveRequest
{
    public required GpuCheckSizes Sizes { get; init; }
    /// <summary>Training steps.</summary>
    public int Steps { get; init; } = 50;
    /// <summary>ilgpu, torch or auto, as train's --backend.</summary>
    public string Backend { get; init; } = "ilgpu";
    public float LearningRate { get; init; } = 1e-3f;
}
