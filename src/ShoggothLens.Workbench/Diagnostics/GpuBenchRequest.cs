namespace ShoggothLens.Workbench.Diagnostics;

/// <summary>What <see cref="GpuCheckWorkflow.Bench"/> is asked to do: time the ILGPU step on device-resident batches.</summary>
public sealed record GpuBenchRequest
{
    public required GpuCheckSizes Sizes { get; init; }
    /// <summary>Minimum timed seconds.</summary>
    public double Seconds { get; init; } = 5.0;
    /// <summary>Also time steps that copy each batch from host memory (what train does).</summary>
    public bool Upload { get; init; }
}
