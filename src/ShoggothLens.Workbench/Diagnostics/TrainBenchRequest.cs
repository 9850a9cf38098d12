namespace ShoggothLens.Workbench.Diagnostics;

/// <summary>What <see cref="TrainStepBenchmark.Run"/> is asked to time. Values as given; messages name the CLI's flags.</summary>
public sealed record TrainBenchRequest
{
    public int DIn { get; init; } = 128;
    public int Width { get; init; } = 2048;
    /// <summary>topk or batchtopk (the architectures with a sparse step).</summary>
    public string Arch { get; init; } = "topk";
    public int K { get; init; } = 16;
    /// <summary>Tokens per step.</summary>
    public int Batch { get; init; } = 4096;
    /// <summary>What to compare against: dense (the dense-autograd step), the only baseline there is.</summary>
    public string Baseline { get; init; } = "dense";
    /// <summary>Alternating timing rounds.</summary>
    public int Rounds { get; init; } = 3;
    /// <summary>Minimum time per backend per round.</summary>
    public double Seconds { get; init; } = 2.0;
    /// <summary>Seed of weights and data.</summary>
    public int Seed { get; init; }
}
