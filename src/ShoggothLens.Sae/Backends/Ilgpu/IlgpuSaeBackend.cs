using ILGPU;
using ILGPU.Runtime;
using ShoggothLens.Sae.Architectures;
using ShoggothLens.Sae.Backends.Ilgpu.Device;
using ShoggothLens.Sae.Backends.Ilgpu.Selection;
using ShoggothLens.Sae.Backends.Ilgpu.Step;

namespace ShoggothLens.Sae.Backends.Ilgpu;

/// <summary>
/// SAE training steps on an ILGPU accelerator (CUDA when present, else ILGPU's CPU accelerator,
/// which runs the same kernels in tests) for TopK, BatchTopK, ReLU-L1 (SAELens "standard") and
/// JumpReLU, computing what the Torch CPU steps compute (<see cref="Torch.TorchSparseTopKBackend"/>,
/// <see cref="Torch.TorchDenseBackend"/>). The parts: <see cref="IlgpuResources"/> owns the device,
/// buffers and kernel table; <see cref="IlgpuSelection"/> is the architecture's selection (per-row
/// top-k, or ragged rows: the batch's k·B largest, every positive value, every value above its
/// latent's threshold); <see cref="IlgpuTrainingStep"/> runs the step. Parameters live on the device;
/// one read-back per step.
/// </summary>
public sealed class IlgpuSaeBackend : ISaeTrainingBackend
{
    readonly IlgpuResources _resources;
    readonly IlgpuSelection _selection;
    readonly IlgpuRowTopK _rowTopK;
    readonly IlgpuPhaseClock _phases;
    readonly IlgpuTrainingStep _step;

    /// <param name="forceCpu">Use ILGPU's CPU accelerator even when a CUDA device is present (tests).</param>
    /// <param name="product">How the dense encoder product is computed (cuBLAS needs CUDA).</param>
    /// <param name="cpuGroupSize">
    /// Threads per group on the CPU accelerator: 16 by default (it runs every group thread as an OS
    /// thread, so barriers among 256 of them crawl on two cores); 256 runs the GPU's launch shapes unchanged.
    /// </param>
    public IlgpuSaeBackend(SaeTrainingSetup setup, SaeTrainingState initial, bool forceCpu = false, IlgpuProduct product = IlgpuProduct.Auto,
        int cpuGroupSize = 16)
    {
        setup.Validate();
        CheckSupported(setup);
        Setup = setup;
        _resources = new IlgpuResources(setup, initial, forceCpu, product, cpuGroupSize);
        _rowTopK = new IlgpuRowTopK(_resources);
        _selection = IlgpuSelection.Create(_resources, _rowTopK);
        _phases = new IlgpuPhaseClock(_resources.Device);
        _step = new IlgpuTrainingStep(_resources, _selection, _rowTopK, _phases, Probe);
    }

    public string Name => _selection.Name;

    /// <summary>How the encoder product is computed: "cuBLAS TF32", "cuBLAS fp32" or the ILGPU kernel.</summary>
    public string Product => _resources.Device.Product;

    /// <summary>The accelerator in words, for the CLI: "Cuda: NVIDIA H100 …" or "CPU: CPUAccelerator".</summary>
    public string DeviceName => _resources.Device.Name;

    public SaeTrainingSetup Setup { get; }

    /// <summary>Throws for an architecture this backend does not train yet.</summary>
    public static void CheckSupported(SaeTrainingSetup setup)
    {
        if (setup.Architecture is not (SaeArchitecture.TopK or SaeArchitecture.BatchTopK or SaeArchitecture.Standard or SaeArchitecture.JumpReLU))
            throw new ArgumentException($"the ILGPU backend does not train {setup.Architecture} SAEs; use --backend torch");
    }

    /// <summary>True when ILGPU finds a CUDA device on this machine (auto then picks this backend for TopK).</summary>
    public static bool CudaAvailable() => IlgpuDevice.CudaAvailable();

    /// <summary>How rows pick their top k (<see cref="IlgpuRowTopK.Mode"/>; tests).</summary>
    internal TopKSelection Selection
    {
        get => _rowTopK.Mode;
        set => _rowTopK.Mode = value;
    }

    /// <summary>What tests switch and read inside a step: the fused path, the selection, the gradients.</summary>
    internal IlgpuStepProbe Probe { get; } = new();

    /// <summary>
    /// When set, every phase of the step is synchronised and timed into <see cref="PhaseMilliseconds"/>
    /// (gpu-check's breakdown; it adds a device round trip per phase, so totals run a little slow).
    /// </summary>
    public bool ProfilePhases
    {
        get => _phases.Enabled;
        set => _phases.Enabled = value;
    }

    /// <summary>Accumulated milliseconds per phase while <see cref="ProfilePhases"/> is set.</summary>
    public Dictionary<string, double> PhaseMilliseconds => _phases.Milliseconds;

    public StepStats Step(ReadOnlySpan<float> batch, int batchSize, StepControls controls)
    {
        if (batch.Length != (long)batchSize * Setup.DIn) throw new ArgumentException($"batch holds {batch.Length} values, not {batchSize}×{Setup.DIn}");
        _step.EnsureRows(batchSize);
        var clock = _phases.Start();
        var x = _resources.Work.X;
        ((ArrayView<float>)x.View).CopyFromCPU(batch);
        _phases.Mark(clock, "upload");
        return _step.Run(x.View, batchSize, controls, clock);
    }

    /// <summary>A batch copied to the device once, for <see cref="StepResident"/> (benchmarks, as the PyTorch anchor keeps its batches on the GPU).</summary>
    public MemoryBuffer1D<float, Stride1D.Dense> Upload(float[] batch) => _resources.Device.Accelerator.Allocate1D(batch);

    /// <summary>The step on a batch already on the device (<see cref="Upload"/>).</summary>
    public StepStats StepResident(MemoryBuffer1D<float, Stride1D.Dense> batch, int batchSize, StepControls controls)
    {
        if (batch.Length != (long)batchSize * Setup.DIn) throw new ArgumentException($"batch holds {batch.Length} values, not {batchSize}×{Setup.DIn}");
        _step.EnsureRows(batchSize);
        var clock = _phases.Start();
        return _step.Run(batch.View, batchSize, controls, clock);
    }

    public SaeTrainingState ExportState() => _resources.Parameters.Export();

    public SaeParameters CurrentParameters() => _resources.Parameters.Current();

    public void Dispose() => _resources.Dispose();
}
