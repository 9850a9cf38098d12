namespace ShoggothLens.Workbench.Diagnostics;

/// <summary>What <see cref="GpuCheckWorkflow.Compare"/> is asked to do: train the ILGPU step and a reference from the same state.</summary>
public sealed record GpuCompareRequest
{
    public required GpuCheckSizes Sizes { get; init; }
    /// <summary>Optimiser steps (one batch each).</summary>
    public int Steps { get; init; } = 3;
    /// <summary>Largest relative difference allowed.</summary>
    public double Tolerance { get; init; } = 1e-4;
    /// <summary>Latents counted dead (AuxK).</summary>
    public int Dead { get; init; }
    /// <summary>torch (the Torch sparse CPU step) or ilgpu-cpu (the same kernels on ILGPU's CPU accelerator).</summary>
    public string Reference { get; init; } = "torch";
}
