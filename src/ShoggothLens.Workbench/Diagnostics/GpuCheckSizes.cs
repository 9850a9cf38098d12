using ShoggothLens.Core.Randomness;
using ShoggothLens.Sae.Architectures;
using ShoggothLens.Sae.Backends;
using ShoggothLens.Sae.Backends.Ilgpu;
using ShoggothLens.Sae.Training;

namespace ShoggothLens.Workbench.Diagnostics;

/// <summary>
/// The SAE and batch sizes every gpu-check run shares, as given (architecture and product unparsed, so that a
/// wrong value fails where and as it always did). Messages name the CLI's flags: tools/gpu-check reads them.
/// </summary>
public sealed record GpuCheckSizes
{
    public required int DIn { get; init; }
    public required int Width { get; init; }
    /// <summary>TopK k; ignored (0) for the ReLU and JumpReLU architectures.</summary>
    public required int K { get; init; }
    /// <summary>Tokens per step.</summary>
    public required int Batch { get; init; }
    /// <summary>Seed of weights and data.</summary>
    public int Seed { get; init; }
    /// <summary>Use ILGPU's CPU accelerator even when a CUDA device is present.</summary>
    public bool Cpu { get; init; }
    /// <summary>Encoder product: auto, kernel, cublas-fp32, cublas-tf32.</summary>
    public string Product { get; init; } = "auto";
    /// <summary>Gradient-norm clip (0: none).</summary>
    public required float Clip { get; init; }
    /// <summary>topk, batchtopk, relu or jumprelu.</summary>
    public string Arch { get; init; } = "topk";

    public SaeTrainingSetup Setup()
    {
        var architecture = SaeArchitectures.Parse(Arch);
        int k = architecture is SaeArchitecture.Standard or SaeArchitecture.JumpReLU ? 0 : K;
        return new(architecture, DIn, Width, k, MaxGradNorm: Clip);
    }

    /// <summary>The L1 coefficient a ReLU SAE trains with here (SAELens's default 5 is for its activation scaling; 1 keeps random data sparse).</summary>
    public static float Sparsity(SaeTrainingSetup setup) => setup.Architecture is SaeArchitecture.Standard or SaeArchitecture.JumpReLU ? 1f : 0f;

    /// <summary>The ILGPU backend's options: <see cref="Cpu"/> and <see cref="Product"/>.</summary>
    public IlgpuOptions Ilgpu() => new(ForceCpu: Cpu, Product: IlgpuProducts.Parse(Product));

    /// <summary>The setup, initial weights from <see cref="Seed"/> and <paramref name="batchCount"/> Gaussian batches from the same generator.</summary>
    internal (SaeTrainingSetup Setup, SaeTrainingState Initial, float[][] Batches, int BatchSize) Prepare(int batchCount)
    {
        int d = DIn, w = Width, b = Batch;
        if (d < 1 || w < 1 || b < 1) throw new ArgumentException("--d-in, --width and --batch must be positive");
        var setup = Setup();
        setup.Validate();
        var rng = new SplitMix64((ulong)Seed);
        var initial = SaeInitializer.Create(setup, rng, new float[d]);
        var batches = Enumerable.Range(0, batchCount).Select(_ =>
        {
            var x = new float[(long)b * d];
            for (int i = 0; i < x.Length; i++) x[i] = (float)rng.NextGaussian();
            return x;
        }).ToArray();
        return (setup, initial, batches, b);
    }
}
