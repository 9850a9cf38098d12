using ILGPU;
using ILGPU.Runtime;
using ILGPU.Runtime.CPU;
using ILGPU.Runtime.Cuda;
using ShoggothLens.Sae.Architectures;

namespace ShoggothLens.Sae.Backends.Ilgpu;

/// <summary>
/// SAE training steps on an ILGPU accelerator (CUDA when present, else ILGPU's CPU accelerator,
/// which runs the same kernels in tests) for TopK, BatchTopK, ReLU-L1 (SAELens "standard") and
/// JumpReLU, computing what the Torch CPU steps compute (<see cref="Torch.TorchSparseTopKBackend"/>,
/// <see cref="Torch.TorchDenseBackend"/>). One step: pre = xc·W_encᵀ (cuBLAS, or a shared-memory tiled
/// GEMM); the selection with b_enc added: per-row top-k by radix select (TopK), or ragged rows
/// (<see cref="IlgpuRaggedSelectionKernels"/>: the batch's k·B largest for BatchTopK, every positive
/// value for ReLU, every value above its latent's threshold for JumpReLU); AuxK among dead latents;
/// decode and ∂pre by one group per token row; the (row, latent) entries counting-sorted by latent
/// so that one group per latent writes each gradient row once (projected off the row for unit-norm
/// decoders); ∂b_dec, JumpReLU's log-threshold gradient and the global norm on the device; clipped
/// Adam (fused with the gradient rows when there is no clipping) and decoder renormalisation. One
/// read-back per step. Parameters live on the device; the encoder is kept as W_encᵀ [d_sae, d_in].
/// </summary>
public sealed class IlgpuSaeBackend : ISaeTrainingBackend
{
    readonly Context _context;
    readonly Accelerator _accelerator;
    readonly int _dIn, _dSae;
    /// <summary>Threads per group of the group kernels (256 on a GPU).</summary>
    readonly int _group;
    readonly MemoryBuffer1D<float, Stride1D.Dense> _wEncT, _bEnc, _wDec, _bDec;
    readonly MemoryBuffer1D<float, Stride1D.Dense> _mWEncT, _vWEncT, _mBEnc, _vBEnc, _mWDec, _vWDec, _mBDec, _vBDec;
    readonly MemoryBuffer1D<float, Stride1D.Dense> _gBEnc, _gBDec, _rowSq;
    // The two weight-gradient matrices, allocated by the first two-pass step: the fused path never
    // writes gradients, and at 2304×65536 they would hold 1.2 GB of device memory for nothing.
    MemoryBuffer1D<float, Stride1D.Dense>? _gWEncT, _gWDec;
    readonly MemoryBuffer1D<int, Stride1D.Dense> _allLatents, _counts, _offsets, _cursor;
    // What the host reads after a step, in one buffer so it is one copy: firing counts [d_sae], then
    // (as float bits) per-row sums [3·rows] and the gradient norm and clipping factor [2].
    MemoryBuffer1D<int, Stride1D.Dense>? _readback;
    ArrayView<int> _fired;
    ArrayView<float> _sums, _stats;
    readonly IlgpuCuBlas? _blas;
    long _step;
    float _batchThreshold;
    readonly bool _batchTopK;
    // ReLU-L1 (SAELens "standard"): every positive pre-activation, an L1 penalty weighted by decoder
    // norms, and no unit-norm decoder (no projection, no renormalisation).
    readonly bool _relu, _unitNorm;
    // JumpReLU: per-latent thresholds θ = exp(log θ), trained by Adam with straight-through gradients.
    readonly bool _jump;
    readonly MemoryBuffer1D<float, Stride1D.Dense>? _logTheta, _mLogTheta, _vLogTheta;
    readonly MemoryBuffer1D<float, Stride1D.Dense> _theta, _gLogTheta;
    readonly MemoryBuffer1D<float, Stride1D.Dense> _norms;
    long _mainCapacity;
    // BatchTopK: radix-select state and histogram, per-row counts and the ragged rows' offsets.
    readonly MemoryBuffer1D<int, Stride1D.Dense> _batchState, _batchHist;
    MemoryBuffer1D<int, Stride1D.Dense>? _rowAbove, _rowTies, _rowTake, _rowStart, _entryRow;

    // Per-batch-size buffers.
    int _rows;
    MemoryBuffer1D<float, Stride1D.Dense>? _x, _xc, _pre, _errors, _mainVal, _mainGrad, _auxVal, _auxGrad;
    MemoryBuffer1D<int, Stride1D.Dense>? _mainLat, _auxLat, _dead, _overflow, _list;
    int _deadCapacity;

    readonly Action<Index1D, ArrayView<float>, ArrayView<float>, ArrayView<float>, int, int> _center;
    readonly Action<KernelConfig, ArrayView<float>, ArrayView<float>, ArrayView<float>, int, int, int> _gemm;
    readonly Action<Index2D, ArrayView<float>, ArrayView<float>, ArrayView<float>, int, int, int> _gemmSimple;
    readonly Action<KernelConfig, ArrayView<float>, ArrayView<float>, ArrayView<int>, int, int, int, ArrayView<int>, ArrayView<float>, ArrayView<int>, int> _topKGroup;
    readonly Action<Index1D, ArrayView<float>, ArrayView<float>, ArrayView<int>, int, int, int, ArrayView<int>, ArrayView<float>> _topKThread;
    readonly Action<KernelConfig, ArrayView<float>, ArrayView<float>, ArrayView<int>, int, int, int, int, ArrayView<int>, ArrayView<float>, ArrayView<int>> _topKRadix;
    readonly Action<KernelConfig, DecodeArgs, ArrayView<float>, ArrayView<float>, ArrayView<float>, int> _decode;
    readonly Action<Index1D, ArrayView<int>, ArrayView<float>, int, ArrayView<int>, ArrayView<int>, ArrayView<int>> _countEntries;
    readonly Action<KernelConfig, ArrayView<int>, ArrayView<int>, ArrayView<int>, int> _scanOffsets;
    readonly Action<Index1D, ArrayView<int>, ArrayView<float>, int, ArrayView<int>, ArrayView<int>, ArrayView<int>> _scatterEntries;
    readonly Action<KernelConfig, LatentEntries, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, int> _latentGradients;
    readonly Action<Index1D, ArrayView<float>, int, int, float, ArrayView<float>> _columnSums;
    readonly Action<Index1D, ArrayView<float>, ArrayView<float>, int, int, ArrayView<float>> _encoderBiasTerm;
    readonly Action<KernelConfig, ArrayView<float>, int, ArrayView<float>, int, float, ArrayView<float>, ArrayView<float>, int> _clipFactor;
    readonly Action<KernelConfig, ArrayView<int>, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>,
        ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, AdamParams, int, int> _adamRows;
    readonly Action<KernelConfig, ArrayView<float>, ArrayView<float>, int> _decoderNorms;
    readonly Action<Index1D, LatentEntries, ArrayView<float>> _encoderBiasGradient;
    readonly Action<Index1D, ArrayView<int>, ArrayView<int>, int> _batchReset;
    readonly Action<KernelConfig, ArrayView<float>, ArrayView<float>, int, int, int, int, ArrayView<int>, ArrayView<int>, ArrayView<float>, int, int> _batchHistogram;
    readonly Action<Index1D, ArrayView<int>, ArrayView<int>, int, int> _batchChoose;
    readonly Action<KernelConfig, ArrayView<float>, ArrayView<float>, int, ArrayView<int>, ArrayView<int>, ArrayView<int>, ArrayView<float>, int> _batchRowCounts;
    readonly Action<KernelConfig, ArrayView<int>, ArrayView<int>, ArrayView<int>, int, ArrayView<int>, ArrayView<int>> _batchRowOffsets;
    readonly Action<KernelConfig, ArrayView<float>, ArrayView<float>, int, ArrayView<int>, ArrayView<int>, ArrayView<int>, ArrayView<int>, ArrayView<float>, ArrayView<int>, ArrayView<float>, int> _batchCollect;
    readonly Action<Index1D, ArrayView<float>, ArrayView<float>> _thresholds;
    readonly Action<KernelConfig, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, int, int, float, float, float> _thresholdGradients;
    readonly Action<KernelConfig, LatentEntries, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>,
        ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, AdamParams, int> _fusedGradientAdam;
    readonly Action<Index1D, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, AdamParams> _adamVector;

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
        _dIn = setup.DIn;
        _dSae = setup.DSae;
        _step = initial.AdamStep;
        _batchThreshold = initial.BatchTopKThreshold;
        _batchTopK = setup.Architecture == SaeArchitecture.BatchTopK;
        _relu = setup.Architecture == SaeArchitecture.Standard;
        _jump = setup.Architecture == SaeArchitecture.JumpReLU;
        _unitNorm = setup.Architecture.HasUnitNormDecoder();

        (_context, _accelerator) = CreateAccelerator(forceCpu, cpuGroupSize);
        _group = _accelerator.AcceleratorType == AcceleratorType.Cuda ? IlgpuSparseKernels.Threads : cpuGroupSize;
        DeviceName = $"{_accelerator.AcceleratorType}: {_accelerator.Name}";
        Selection = _accelerator.AcceleratorType == AcceleratorType.Cuda ? TopKSelection.Radix : TopKSelection.Thread;
        _blas = CreateBlas(product);
        Product = _blas is null ? "ilgpu tiled GEMM (fp32)" : product == IlgpuProduct.CuBlasFp32 ? "cuBLAS fp32" : "cuBLAS TF32";
        try
        {
            (_wEncT, _mWEncT, _vWEncT) = Load(initial, SaeTrainingState.WEnc, [_dIn, _dSae], transpose: true);
            (_bEnc, _mBEnc, _vBEnc) = Load(initial, SaeTrainingState.BEnc, [_dSae]);
            (_wDec, _mWDec, _vWDec) = Load(initial, SaeTrainingState.WDec, [_dSae, _dIn]);
            (_bDec, _mBDec, _vBDec) = Load(initial, SaeTrainingState.BDec, [_dIn]);
            _gBEnc = _accelerator.Allocate1D<float>(_dSae);
            _gBDec = _accelerator.Allocate1D<float>(_dIn);
            _rowSq = _accelerator.Allocate1D<float>(_dSae);
            _allLatents = _accelerator.Allocate1D(Enumerable.Range(0, _dSae).ToArray());
            _counts = _accelerator.Allocate1D<int>(_dSae);
            _batchState = _accelerator.Allocate1D<int>(IlgpuRaggedSelectionKernels.StateSize);
            _batchHist = _accelerator.Allocate1D<int>(IlgpuRaggedSelectionKernels.Bins);
            _norms = _accelerator.Allocate1D<float>(_dSae);
            _theta = _accelerator.Allocate1D<float>(_dSae);
            _gLogTheta = _accelerator.Allocate1D<float>(_dSae);
            if (_jump) (_logTheta, _mLogTheta, _vLogTheta) = Load(initial, SaeTrainingState.LogThreshold, [_dSae]);
            _offsets = _accelerator.Allocate1D<int>(_dSae + 1);
            _cursor = _accelerator.Allocate1D<int>(_dSae);

            var acc = _accelerator;
            _center = acc.LoadAutoGroupedStreamKernel<Index1D, ArrayView<float>, ArrayView<float>, ArrayView<float>, int, int>(IlgpuKernels.Center);
            _gemm = acc.LoadStreamKernel<ArrayView<float>, ArrayView<float>, ArrayView<float>, int, int, int>(IlgpuKernels.GemmNT);
            _gemmSimple = acc.LoadAutoGroupedStreamKernel<Index2D, ArrayView<float>, ArrayView<float>, ArrayView<float>, int, int, int>(IlgpuKernels.GemmNTSimple);
            _topKThread = acc.LoadAutoGroupedStreamKernel<Index1D, ArrayView<float>, ArrayView<float>, ArrayView<int>, int, int, int, ArrayView<int>, ArrayView<float>>(IlgpuKernels.RowTopK);
            _topKGroup = acc.LoadStreamKernel<ArrayView<float>, ArrayView<float>, ArrayView<int>, int, int, int, ArrayView<int>, ArrayView<float>, ArrayView<int>, int>(IlgpuKernels.RowTopKGroup);
            _topKRadix = acc.LoadStreamKernel<ArrayView<float>, ArrayView<float>, ArrayView<int>, int, int, int, int, ArrayView<int>, ArrayView<float>, ArrayView<int>>(IlgpuSelectionKernels.RadixTopK);
            _decode = acc.LoadStreamKernel<DecodeArgs, ArrayView<float>, ArrayView<float>, ArrayView<float>, int>(IlgpuSparseKernels.DecodeRows);
            _countEntries = acc.LoadAutoGroupedStreamKernel<Index1D, ArrayView<int>, ArrayView<float>, int, ArrayView<int>, ArrayView<int>, ArrayView<int>>(IlgpuSparseKernels.CountEntries);
            _scanOffsets = acc.LoadStreamKernel<ArrayView<int>, ArrayView<int>, ArrayView<int>, int>(IlgpuSparseKernels.ScanOffsets);
            _scatterEntries = acc.LoadAutoGroupedStreamKernel<Index1D, ArrayView<int>, ArrayView<float>, int, ArrayView<int>, ArrayView<int>, ArrayView<int>>(IlgpuSparseKernels.ScatterEntries);
            _latentGradients = acc.LoadStreamKernel<LatentEntries, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, int>(IlgpuSparseKernels.LatentGradients);
            _columnSums = acc.LoadAutoGroupedStreamKernel<Index1D, ArrayView<float>, int, int, float, ArrayView<float>>(IlgpuSparseKernels.ColumnSums);
            _encoderBiasTerm = acc.LoadAutoGroupedStreamKernel<Index1D, ArrayView<float>, ArrayView<float>, int, int, ArrayView<float>>(IlgpuSparseKernels.EncoderBiasTerm);
            _clipFactor = acc.LoadStreamKernel<ArrayView<float>, int, ArrayView<float>, int, float, ArrayView<float>, ArrayView<float>, int>(IlgpuSparseKernels.ClipFactor);
            _adamRows = acc.LoadStreamKernel<ArrayView<int>, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>,
                ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, AdamParams, int, int>(IlgpuSparseKernels.AdamRows);
            _decoderNorms = acc.LoadStreamKernel<ArrayView<float>, ArrayView<float>, int>(IlgpuSparseKernels.DecoderNorms);
            _batchReset = acc.LoadAutoGroupedStreamKernel<Index1D, ArrayView<int>, ArrayView<int>, int>(IlgpuRaggedSelectionKernels.Reset);
            _batchHistogram = acc.LoadStreamKernel<ArrayView<float>, ArrayView<float>, int, int, int, int, ArrayView<int>, ArrayView<int>, ArrayView<float>, int, int>(IlgpuRaggedSelectionKernels.Histogram);
            _batchChoose = acc.LoadAutoGroupedStreamKernel<Index1D, ArrayView<int>, ArrayView<int>, int, int>(IlgpuRaggedSelectionKernels.Choose);
            _batchRowCounts = acc.LoadStreamKernel<ArrayView<float>, ArrayView<float>, int, ArrayView<int>, ArrayView<int>, ArrayView<int>, ArrayView<float>, int>(IlgpuRaggedSelectionKernels.RowCounts);
            _batchRowOffsets = acc.LoadStreamKernel<ArrayView<int>, ArrayView<int>, ArrayView<int>, int, ArrayView<int>, ArrayView<int>>(IlgpuRaggedSelectionKernels.RowOffsets);
            _batchCollect = acc.LoadStreamKernel<ArrayView<float>, ArrayView<float>, int, ArrayView<int>, ArrayView<int>, ArrayView<int>, ArrayView<int>, ArrayView<float>, ArrayView<int>, ArrayView<float>, int>(IlgpuRaggedSelectionKernels.Collect);
            _thresholds = acc.LoadAutoGroupedStreamKernel<Index1D, ArrayView<float>, ArrayView<float>>(IlgpuSparseKernels.Thresholds);
            _thresholdGradients = acc.LoadStreamKernel<ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, int, int, float, float, float>(IlgpuSparseKernels.ThresholdGradients);
            _encoderBiasGradient = acc.LoadAutoGroupedStreamKernel<Index1D, LatentEntries, ArrayView<float>>(IlgpuSparseKernels.EncoderBiasGradient);
            _fusedGradientAdam = acc.LoadStreamKernel<LatentEntries, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>,
                ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, AdamParams, int>(IlgpuSparseKernels.FusedGradientAdam);
            _adamVector = acc.LoadAutoGroupedStreamKernel<Index1D, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, AdamParams>(IlgpuSparseKernels.AdamVector);
        }
        catch
        {
            _accelerator.Dispose();
            _context.Dispose();
            throw;
        }
    }

    public string Name => _batchTopK ? "ilgpu-batchtopk" : _relu ? "ilgpu-relu" : _jump ? "ilgpu-jumprelu" : "ilgpu-topk";

    /// <summary>How the encoder product is computed: "cuBLAS TF32", "cuBLAS fp32" or the ILGPU kernel.</summary>
    public string Product { get; }

    IlgpuCuBlas? CreateBlas(IlgpuProduct product)
    {
        if (product == IlgpuProduct.Kernel) return null;
        if (_accelerator is not CudaAccelerator cuda)
        {
            if (product == IlgpuProduct.Auto) return null;
            _accelerator.Dispose();
            _context.Dispose();
            throw new ArgumentException($"{product} needs a CUDA device; this run has {DeviceName}");
        }
        try
        {
            return new IlgpuCuBlas(cuda, tf32: product != IlgpuProduct.CuBlasFp32);
        }
        catch (Exception) when (product == IlgpuProduct.Auto)
        {
            return null; // cuBLAS did not load: the ILGPU GEMM kernel.
        }
    }

    /// <summary>Throws for an architecture this backend does not train yet.</summary>
    public static void CheckSupported(SaeTrainingSetup setup)
    {
        if (setup.Architecture is not (SaeArchitecture.TopK or SaeArchitecture.BatchTopK or SaeArchitecture.Standard or SaeArchitecture.JumpReLU))
            throw new ArgumentException($"the ILGPU backend does not train {setup.Architecture} SAEs; use --backend torch");
    }

    /// <summary>The accelerator in words, for the CLI: "Cuda: NVIDIA H100 …" or "CPU: CPUAccelerator".</summary>
    public string DeviceName { get; }

    public SaeTrainingSetup Setup { get; }

    /// <summary>
    /// How rows pick their top k: <see cref="TopKSelection.Radix"/> (the GPU default: radix select,
    /// finished by the argmax kernel for rows it flags), <see cref="TopKSelection.Group"/> (k argmax
    /// rounds by a 256-thread group) or <see cref="TopKSelection.Thread"/> (one thread per row, the CPU
    /// accelerator's default: its simulated barriers make group kernels slow there). Same result.
    /// </summary>
    internal TopKSelection Selection { get; set; }

    /// <summary>Tests set this to read each step's selection into <see cref="LastSelection"/>.</summary>
    internal bool CaptureSelection { get; set; }

    /// <summary>The last step's selection, [rows, k] latents and pre-activations in decreasing order (tests).</summary>
    internal (int[] Latents, float[] Values) LastSelection { get; private set; } = ([], []);

    /// <summary>
    /// When set, every phase of the step is synchronised and timed into <see cref="PhaseMilliseconds"/>
    /// (gpu-check's breakdown; it adds a device round trip per phase, so totals run a little slow).
    /// </summary>
    public bool ProfilePhases { get; set; }

    /// <summary>Accumulated milliseconds per phase while <see cref="ProfilePhases"/> is set.</summary>
    public Dictionary<string, double> PhaseMilliseconds { get; } = new();

    /// <summary>True when ILGPU finds a CUDA device on this machine (auto then picks this backend for TopK).</summary>
    public static bool CudaAvailable()
    {
        try
        {
            using var context = Context.Create(b => b.Cuda());
            return context.GetCudaDevices().Count > 0;
        }
        catch (Exception)
        {
            return false;
        }
    }

    static (Context, Accelerator) CreateAccelerator(bool forceCpu, int cpuGroupSize)
    {
        if (cpuGroupSize is not (16 or 256)) throw new ArgumentOutOfRangeException(nameof(cpuGroupSize), "16 or 256");
        if (!forceCpu)
        {
            Context? cuda = null;
            try
            {
                cuda = Context.Create(b => b.Cuda());
                if (cuda.GetCudaDevices().Count > 0)
                    return (cuda, cuda.GetCudaDevices()[0].CreateAccelerator(cuda));
            }
            catch (Exception)
            {
                // No usable CUDA driver: fall through to the CPU accelerator.
            }
            cuda?.Dispose();
        }
        // 16 threads (4 warps of 4) per group, two groups at a time; or 32×8 so GPU-sized groups run unchanged.
        var device = cpuGroupSize == 16 ? new CPUDevice(4, 4, 2) : new CPUDevice(32, 8, 1);
        var context = Context.Create(b => b.CPU(device));
        return (context, context.GetCPUDevice(0).CreateAccelerator(context));
    }

    (MemoryBuffer1D<float, Stride1D.Dense>, MemoryBuffer1D<float, Stride1D.Dense>, MemoryBuffer1D<float, Stride1D.Dense>) Load(
        SaeTrainingState state, string name, long[] shape, bool transpose = false)
    {
        var (value, m, v) = state.Parameter(name);
        if (!value.Shape.SequenceEqual(shape))
            throw new ArgumentException($"'{name}' has shape [{string.Join(", ", value.Shape)}], expected [{string.Join(", ", shape)}]");
        MemoryBuffer1D<float, Stride1D.Dense> Make(StateTensor t) =>
            _accelerator.Allocate1D(transpose ? SaeParameters.Transpose(t.Data, (int)shape[0], (int)shape[1]) : t.Data);
        return (Make(value), Make(m), Make(v));
    }

    public StepStats Step(ReadOnlySpan<float> batch, int batchSize, StepControls controls)
    {
        if (batch.Length != (long)batchSize * _dIn) throw new ArgumentException($"batch holds {batch.Length} values, not {batchSize}×{_dIn}");
        EnsureBuffers(batchSize);
        var clock = ProfilePhases ? System.Diagnostics.Stopwatch.StartNew() : null;
        ((ArrayView<float>)_x!.View).CopyFromCPU(batch);
        Phase(clock, "upload");
        return StepOn(_x.View, batchSize, controls, clock);
    }

    /// <summary>A batch copied to the device once, for <see cref="StepResident"/> (benchmarks, as the PyTorch anchor keeps its batches on the GPU).</summary>
    public MemoryBuffer1D<float, Stride1D.Dense> Upload(float[] batch) => _accelerator.Allocate1D(batch);

    /// <summary>The step on a batch already on the device (<see cref="Upload"/>).</summary>
    public StepStats StepResident(MemoryBuffer1D<float, Stride1D.Dense> batch, int batchSize, StepControls controls)
    {
        if (batch.Length != (long)batchSize * _dIn) throw new ArgumentException($"batch holds {batch.Length} values, not {batchSize}×{_dIn}");
        EnsureBuffers(batchSize);
        var clock = ProfilePhases ? System.Diagnostics.Stopwatch.StartNew() : null;
        return StepOn(batch.View, batchSize, controls, clock);
    }

    void Phase(System.Diagnostics.Stopwatch? clock, string name)
    {
        if (clock is null) return;
        _accelerator.Synchronize();
        PhaseMilliseconds[name] = PhaseMilliseconds.GetValueOrDefault(name) + clock.Elapsed.TotalMilliseconds;
        clock.Restart();
    }

    StepStats StepOn(ArrayView<float> x, int batchSize, StepControls controls, System.Diagnostics.Stopwatch? clock)
    {
        int k = Setup.K;
        _center((int)x.Length, x, _bDec.View, _xc!.View, _dIn, Setup.ApplyBDecToInput ? 1 : 0);

        // The one dense product: pre = xc·W_encᵀ (b_enc is added inside the selection).
        if (_blas is not null) _blas.EncoderProduct(_xc.View, _wEncT.View, _pre!.View, batchSize, _dSae, _dIn);
        else if (_group < IlgpuKernels.Tile * IlgpuKernels.Tile)
            _gemmSimple(new Index2D(_dSae, batchSize), _xc.View, _wEncT.View, _pre!.View, batchSize, _dSae, _dIn);
        else
        {
            var grid = new Index2D((_dSae + IlgpuKernels.Tile - 1) / IlgpuKernels.Tile, (batchSize + IlgpuKernels.Tile - 1) / IlgpuKernels.Tile);
            _gemm(new KernelConfig(grid, new Index2D(IlgpuKernels.Tile, IlgpuKernels.Tile)), _xc.View, _wEncT.View, _pre!.View, batchSize, _dSae, _dIn);
        }
        Phase(clock, "encoder product");

        if (_relu || _jump) SelectPositive(batchSize);
        else if (_batchTopK) SelectBatch(batchSize, k);
        else Select(batchSize, _allLatents.View, useList: false, _dSae, k, _mainLat!.View, _mainVal!.View);

        // AuxK: the k_aux largest pre-activations among dead latents, scaled down when few are dead.
        var dead = controls.DeadLatents;
        bool hasAux = Setup.UsesAuxK && dead.Count > 0;
        int take = 0;
        float auxScale = 0;
        if (hasAux)
        {
            int kAux = Setup.EffectiveKAux;
            take = Math.Min(kAux, dead.Count);
            auxScale = Math.Min(dead.Count / (float)kAux, 1f);
            EnsureAux(batchSize, take, dead.Count);
            ReadOnlySpan<int> deadSpan = dead.ToArray();
            ((ArrayView<int>)_dead!.View).SubView(0, dead.Count).CopyFromCPU(deadSpan);
            Select(batchSize, _dead!.View, useList: true, dead.Count, take, _auxLat!.View, _auxVal!.View);
        }
        Phase(clock, "top-k selection");

        float gradScale = 2f / batchSize;
        float auxGradScale = 2f * Setup.AuxCoefficient * auxScale / batchSize;
        long rowValues = (long)batchSize * _dIn;
        var errors = _errors!.View;
        var perRow = new KernelConfig(new Index1D(batchSize), new Index1D(_group));
        float l1Scale = _relu ? controls.SparsityCoefficient / batchSize : 0f;
        if (_relu) _decoderNorms(new KernelConfig(new Index1D(_dSae), new Index1D(_group)), _wDec.View, _norms.View, _dIn);
        bool ragged = _batchTopK || _relu || _jump;
        _decode(perRow, new DecodeArgs(x, -1f, _mainLat!.View, _mainVal!.View, k, rectify: true, errors.SubView(0, rowValues), gradScale,
            _mainGrad!.View, squareSlot: 0, activeSlot: 2 * batchSize, _rowStart!.View, uniform: !ragged, _norms.View, l1Scale, _relu ? 3 * batchSize : -1),
            _wDec.View, _bDec.View, _sums, _dIn);
        if (hasAux)
            _decode(perRow, new DecodeArgs(errors.SubView(0, rowValues), 1f, _auxLat!.View, _auxVal!.View, take, rectify: false,
                errors.SubView(rowValues, rowValues), auxGradScale, _auxGrad!.View, squareSlot: batchSize, activeSlot: -1, _rowStart.View, uniform: true,
                _norms.View, 0f, -1), _wDec.View, _bDec.View, _sums, _dIn);
        else _sums.SubView(batchSize, batchSize).MemSetToZero();
        if (_jump)
        {
            _gLogTheta.MemSetToZero();
            _thresholdGradients(perRow, _pre!.View, _bEnc.View, _theta.View, errors.SubView(0, rowValues), _wDec.View, _gLogTheta.View,
                _dSae, _dIn, Setup.JumpReluBandwidth, gradScale, controls.SparsityCoefficient / batchSize);
        }
        Phase(clock, "decode");

        // Entries sorted by latent, then one group per latent: gradients written once per row.
        int mainCount = checked((int)_mainCapacity), entries = mainCount + (hasAux ? batchSize * take : 0);
        EnsureList(entries);
        var auxLat = hasAux ? _auxLat!.View : _mainLat.View;
        var auxVal = hasAux ? _auxVal!.View : _mainVal.View;
        var auxGrad = hasAux ? _auxGrad!.View : _mainGrad.View;
        _counts.MemSetToZero();
        _fired.MemSetToZero();
        _countEntries(entries, _mainLat.View, _mainVal.View, mainCount, auxLat, _counts.View, _fired);
        _scanOffsets(new KernelConfig(new Index1D(1), new Index1D(_group)), _counts.View, _offsets.View, _cursor.View, _dSae);
        _scatterEntries(entries, _mainLat.View, _mainVal.View, mainCount, auxLat, _cursor.View, _list!.View);
        Phase(clock, "sort by latent");
        var perLatent = new KernelConfig(new Index1D(_dSae), new Index1D(_group));
        var sorted = new LatentEntries(_offsets.View, _list.View, mainCount, k, Math.Max(take, 1), batchSize, _mainVal.View, _mainGrad.View, auxVal, auxGrad,
            gradScale, auxGradScale, _entryRow!.View, uniformMain: !ragged, _unitNorm, l1Scale, _norms.View);
        _step++;
        var adam = Setup.AdamConstants;
        var a = new AdamParams(adam.Beta1, adam.Beta2, adam.Epsilon,
            (float)(controls.LearningRate / (1 - Math.Pow(adam.Beta1, _step))),
            (float)Math.Sqrt(1 - Math.Pow(adam.Beta2, _step)), 1f);
        int blocks = (batchSize + IlgpuSparseKernels.ColumnBlock - 1) / IlgpuSparseKernels.ColumnBlock;
        var single = new KernelConfig(new Index1D(1), new Index1D(_group));
        void BDecGradient()
        {
            _gBDec.MemSetToZero();
            _columnSums(blocks * _dIn, errors.SubView(0, rowValues), batchSize, _dIn, gradScale, _gBDec.View);
            if (hasAux) _columnSums(blocks * _dIn, errors.SubView(rowValues, rowValues), batchSize, _dIn, auxGradScale, _gBDec.View);
            if (Setup.ApplyBDecToInput)
                _encoderBiasTerm((_dSae + IlgpuSparseKernels.LatentBlock - 1) / IlgpuSparseKernels.LatentBlock * _dIn, _gBEnc.View, _wEncT.View, _dSae, _dIn, _gBDec.View);
        }
        if (Fused)
        {
            // No clipping: gradients live in shared memory only, and Adam runs in the same pass.
            _encoderBiasGradient(_dSae, sorted, _gBEnc.View);
            BDecGradient();
            Phase(clock, "b_dec gradient and norm");
            _fusedGradientAdam(perLatent, sorted, _xc.View, errors, _gBEnc.View, _rowSq.View, _wEncT.View, _mWEncT.View, _vWEncT.View,
                _wDec.View, _mWDec.View, _vWDec.View, a, _dIn);
            Phase(clock, "fused gradients, adam and renormalise");
            _clipFactor(single, _rowSq.View, _dSae, _gBDec.View, _dIn, 0f, _stats, _gLogTheta.View, _jump ? _dSae : 0);
        }
        else
        {
            _gWEncT ??= _accelerator.Allocate1D<float>((long)_dSae * _dIn);
            _gWDec ??= _accelerator.Allocate1D<float>((long)_dSae * _dIn);
            _latentGradients(perLatent, sorted, _xc.View, errors, _wDec.View, _gWEncT.View, _gWDec.View, _gBEnc.View, _rowSq.View, _dIn);
            Phase(clock, "latent gradients");
            BDecGradient();
            _clipFactor(single, _rowSq.View, _dSae, _gBDec.View, _dIn, Setup.MaxGradNorm, _stats, _gLogTheta.View, _jump ? _dSae : 0);
            Phase(clock, "b_dec gradient and norm");
            if (CaptureGradients) CapturedGradients = ReadGradients();
            _adamRows(perLatent, _offsets.View, _stats, _wEncT.View, _mWEncT.View, _vWEncT.View, _gWEncT.View,
                _wDec.View, _mWDec.View, _vWDec.View, _gWDec.View, a, _dIn, _unitNorm ? 1 : 0);
        }
        _adamVector(_dSae, _bEnc.View, _mBEnc.View, _vBEnc.View, _gBEnc.View, _stats, a);
        _adamVector(_dIn, _bDec.View, _mBDec.View, _vBDec.View, _gBDec.View, _stats, a);
        if (_jump) _adamVector(_dSae, _logTheta!.View, _mLogTheta!.View, _vLogTheta!.View, _gLogTheta.View, _stats, a);
        Phase(clock, "adam and renormalise");

        // Statistics: per-row sums, firing counts and the gradient norm (one read-back per step).
        var all = _readback!.GetAsArray1D();
        var fired = all.AsSpan(0, _dSae).ToArray();
        var floats = System.Runtime.InteropServices.MemoryMarshal.Cast<int, float>(all.AsSpan(_dSae));
        var sums = floats[..(4 * batchSize)];
        var stats = floats.Slice(4 * batchSize, 2);
        if (CaptureSelection) LastSelection = (_mainLat.GetAsArray1D(), _mainVal.GetAsArray1D());
        double sse = 0, auxSse = 0;
        long active = 0;
        for (int b = 0; b < batchSize; b++)
        {
            sse += sums[b];
            auxSse += sums[batchSize + b];
            active += (long)sums[2 * batchSize + b];
        }
        double gradNorm = stats[0];
        if (_batchTopK)
        {
            // BatchTopK's inference threshold: an average of each batch's smallest kept activation (as the Torch step).
            var state = _batchState.GetAsArray1D();
            bool takeAll = state[IlgpuRaggedSelectionKernels.StateAll] != 0;
            float smallest = takeAll
                ? (state[IlgpuRaggedSelectionKernels.StatePositives] > 0 ? BitConverter.Int32BitsToSingle(state[IlgpuRaggedSelectionKernels.StateMinPositive]) : float.PositiveInfinity)
                : BitConverter.Int32BitsToSingle(state[IlgpuRaggedSelectionKernels.StatePrefix]);
            if (float.IsFinite(smallest))
                _batchThreshold = (1 - Setup.BatchTopKThresholdRate) * _batchThreshold + Setup.BatchTopKThresholdRate * smallest;
        }
        Phase(clock, "read-back");
        double mse = sse / batchSize;
        double auxLoss = hasAux ? Setup.AuxCoefficient * auxScale * auxSse / batchSize : 0;
        double sparsityLoss = 0;
        if (_relu)
        {
            for (int b = 0; b < batchSize; b++) sparsityLoss += sums[3 * batchSize + b];
            sparsityLoss *= l1Scale;
        }
        if (_jump) sparsityLoss = controls.SparsityCoefficient * (double)active / batchSize; // L0: active latents per token
        return new StepStats(mse + sparsityLoss + auxLoss, mse, sparsityLoss, auxLoss, sse, active, fired, gradNorm);
    }

    /// <summary>BatchTopK: the k·rows largest positive pre + b_enc of the batch, as ragged rows (<see cref="IlgpuRaggedSelectionKernels"/>).</summary>
    void SelectBatch(int rows, int k)
    {
        var perRow = new KernelConfig(new Index1D(rows), new Index1D(_group));
        var single = new KernelConfig(new Index1D(1), new Index1D(_group));
        _mainVal!.MemSetToZero(); // entries past the batch's total stay inactive
        _batchReset(IlgpuRaggedSelectionKernels.Bins, _batchState.View, _batchHist.View, k * rows);
        for (int pass = 0; pass < 3; pass++)
        {
            var (shift, bits) = IlgpuRaggedSelectionKernels.Round(pass);
            _batchHistogram(perRow, _pre!.View, _bEnc.View, _dSae, shift, bits, pass, _batchState.View, _batchHist.View, _theta.View, 0, 0);
            _batchChoose(1, _batchState.View, _batchHist.View, bits, pass);
        }
        _batchRowCounts(perRow, _pre!.View, _bEnc.View, _dSae, _batchState.View, _rowAbove!.View, _rowTies!.View, _theta.View, 0);
        _batchRowOffsets(single, _rowAbove.View, _rowTies.View, _batchState.View, rows, _rowTake!.View, _rowStart!.View);
        _batchCollect(perRow, _pre.View, _bEnc.View, _dSae, _batchState.View, _rowTake!.View, _rowStart!.View, _mainLat!.View, _mainVal!.View, _entryRow!.View, _theta.View, 0);
    }

    /// <summary>
    /// ReLU: every positive pre + b_enc as ragged rows (BatchTopK's kernels with a count no batch reaches);
    /// JumpReLU: every one above its latent's threshold θ.
    /// </summary>
    void SelectPositive(int rows)
    {
        int floor = _jump ? 1 : 0;
        if (_jump) _thresholds(_dSae, _logTheta!.View, _theta.View);
        var perRow = new KernelConfig(new Index1D(rows), new Index1D(_group));
        var single = new KernelConfig(new Index1D(1), new Index1D(_group));
        _batchReset(IlgpuRaggedSelectionKernels.Bins, _batchState.View, _batchHist.View, int.MaxValue);
        _batchHistogram(perRow, _pre!.View, _bEnc.View, _dSae, 21, 10, 0, _batchState.View, _batchHist.View, _theta.View, floor, 1);
        _batchChoose(1, _batchState.View, _batchHist.View, 10, 0);
        // The positive count sizes the entry arrays: one small read-back.
        int positives = ((ArrayView<int>)_batchState.View).SubView(IlgpuRaggedSelectionKernels.StatePositives, 1).GetAsArray()[0];
        EnsureMain(positives);
        _mainVal!.MemSetToZero();
        _batchRowCounts(perRow, _pre.View, _bEnc.View, _dSae, _batchState.View, _rowAbove!.View, _rowTies!.View, _theta.View, floor);
        _batchRowOffsets(single, _rowAbove.View, _rowTies.View, _batchState.View, rows, _rowTake!.View, _rowStart!.View);
        _batchCollect(perRow, _pre.View, _bEnc.View, _dSae, _batchState.View, _rowTake!.View, _rowStart!.View, _mainLat!.View, _mainVal!.View, _entryRow!.View, _theta.View, floor);
    }

    void Select(int rows, ArrayView<int> candidates, bool useList, int count, int take, ArrayView<int> latents, ArrayView<float> values)
    {
        var perRow = new KernelConfig(new Index1D(rows), new Index1D(_group));
        switch (Selection)
        {
            case TopKSelection.Radix when take <= IlgpuSelectionKernels.Buffer:
                _topKRadix(perRow, _pre!.View, _bEnc.View, candidates,
                    useList ? 1 : 0, count, _dSae, take, latents, values, _overflow!.View);
                _topKGroup(perRow, _pre.View, _bEnc.View, candidates, count, _dSae, take, latents, values, _overflow.View, 1);
                break;
            case TopKSelection.Thread:
                _topKThread(rows, _pre!.View, _bEnc.View, candidates, count, _dSae, take, latents, values);
                break;
            default:
                _topKGroup(perRow, _pre!.View, _bEnc.View, candidates, count, _dSae, take, latents, values, _overflow!.View, 0);
                break;
        }
    }

    /// <summary>
    /// Whether this step takes the fused path: without gradient clipping (MaxGradNorm 0) no global
    /// norm is needed before Adam, so <see cref="IlgpuSparseKernels.FusedGradientAdam"/> computes each
    /// latent's gradient rows in shared memory and updates its weights in one pass. Gradients are then
    /// never materialised, so capturing them (tests) takes the two-pass path.
    /// </summary>
    bool Fused => Setup.MaxGradNorm <= 0 && _dIn <= IlgpuSparseKernels.MaxFusedDIn && !CaptureGradients && UseFusedPath;

    /// <summary>Tests turn this off to compare the two paths.</summary>
    internal bool UseFusedPath { get; set; } = true;

    /// <summary>Tests set this to read each step's gradients (after the decoder projection, before clipping).</summary>
    internal bool CaptureGradients { get; set; }
    internal Dictionary<string, float[]>? CapturedGradients { get; private set; }

    Dictionary<string, float[]> ReadGradients()
    {
        // Rows of latents without entries are not written this step: they are zero.
        var offsets = _offsets.GetAsArray1D();
        float[] Rows(MemoryBuffer1D<float, Stride1D.Dense> buffer)
        {
            var data = buffer.GetAsArray1D();
            for (int j = 0; j < _dSae; j++)
                if (offsets[j + 1] == offsets[j]) Array.Clear(data, j * _dIn, _dIn);
            return data;
        }
        var gradients = new Dictionary<string, float[]>
        {
            [SaeTrainingState.WEnc] = SaeParameters.Transpose(Rows(_gWEncT!), _dSae, _dIn),
            [SaeTrainingState.BEnc] = _gBEnc.GetAsArray1D(),
            [SaeTrainingState.WDec] = Rows(_gWDec!),
            [SaeTrainingState.BDec] = _gBDec.GetAsArray1D(),
        };
        if (_jump) gradients[SaeTrainingState.LogThreshold] = _gLogTheta.GetAsArray1D();
        return gradients;
    }

    void EnsureBuffers(int rows)
    {
        if (rows < 1) throw new ArgumentException($"batch size must be positive, got {rows}");
        if (rows == _rows) return;
        foreach (var b in new MemoryBuffer?[] { _x, _xc, _pre, _errors, _readback, _mainVal, _mainGrad, _mainLat, _auxVal, _auxGrad, _auxLat, _overflow })
            b?.Dispose();
        _auxVal = _auxGrad = null;
        _auxLat = null;
        _x = _accelerator.Allocate1D<float>((long)rows * _dIn);
        _xc = _accelerator.Allocate1D<float>((long)rows * _dIn);
        _pre = _accelerator.Allocate1D<float>((long)rows * _dSae);
        _errors = _accelerator.Allocate1D<float>(2L * rows * _dIn);
        _readback = _accelerator.Allocate1D<int>(_dSae + 4L * rows + 2);
        _fired = _readback.View.SubView(0, _dSae);
        var floats = ((ArrayView<int>)_readback.View).SubView(_dSae, 4L * rows + 2).Cast<float>();
        _sums = floats.SubView(0, 4L * rows);
        _stats = floats.SubView(4L * rows, 2);
        _sums.SubView(3L * rows, rows).MemSetToZero();
        _overflow = _accelerator.Allocate1D<int>(rows);
        foreach (var b in new MemoryBuffer?[] { _rowAbove, _rowTies, _rowTake, _rowStart }) b?.Dispose();
        _rowAbove = _accelerator.Allocate1D<int>(rows);
        _rowTies = _accelerator.Allocate1D<int>(rows);
        _rowTake = _accelerator.Allocate1D<int>(rows);
        _rowStart = _accelerator.Allocate1D<int>(rows + 1);
        _mainCapacity = 0;
        EnsureMain(_relu || _jump ? rows : (long)rows * Setup.K);
        _rows = rows;
    }

    /// <summary>Room for this many main entries (TopK/BatchTopK: k·rows; ReLU: the batch's positive count, grown as needed).</summary>
    void EnsureMain(long capacity)
    {
        capacity = Math.Max(capacity, 1);
        if (capacity <= _mainCapacity) return;
        foreach (var b in new MemoryBuffer?[] { _mainLat, _mainVal, _mainGrad, _entryRow }) b?.Dispose();
        _mainLat = _accelerator.Allocate1D<int>(capacity);
        _mainVal = _accelerator.Allocate1D<float>(capacity);
        _mainGrad = _accelerator.Allocate1D<float>(capacity);
        _entryRow = _accelerator.Allocate1D<int>(capacity);
        _mainCapacity = capacity;
    }

    void EnsureAux(int rows, int take, int deadCount)
    {
        long need = (long)rows * take;
        if (_auxLat is null || _auxLat.Length != need)
        {
            _auxLat?.Dispose();
            _auxVal?.Dispose();
            _auxGrad?.Dispose();
            _auxLat = _accelerator.Allocate1D<int>(need);
            _auxVal = _accelerator.Allocate1D<float>(need);
            _auxGrad = _accelerator.Allocate1D<float>(need);
        }
        if (_dead is null || _deadCapacity < deadCount)
        {
            _dead?.Dispose();
            _dead = _accelerator.Allocate1D<int>(deadCount);
            _deadCapacity = deadCount;
        }
    }

    void EnsureList(int entries)
    {
        if (_list is not null && _list.Length >= entries) return;
        _list?.Dispose();
        _list = _accelerator.Allocate1D<int>(Math.Max(entries, 1));
    }

    public SaeTrainingState ExportState()
    {
        var state = new SaeTrainingState { AdamStep = _step, BatchTopKThreshold = _batchThreshold };
        void Put(string name, long[] shape, MemoryBuffer1D<float, Stride1D.Dense> value, MemoryBuffer1D<float, Stride1D.Dense> m, MemoryBuffer1D<float, Stride1D.Dense> v, bool transpose = false)
        {
            float[] Read(MemoryBuffer1D<float, Stride1D.Dense> t) =>
                transpose ? SaeParameters.Transpose(t.GetAsArray1D(), _dSae, _dIn) : t.GetAsArray1D();
            state.Tensors[name] = new StateTensor(shape, Read(value));
            state.Tensors[SaeTrainingState.MomentName(name)] = new StateTensor(shape, Read(m));
            state.Tensors[SaeTrainingState.SecondMomentName(name)] = new StateTensor(shape, Read(v));
        }
        Put(SaeTrainingState.WEnc, [_dIn, _dSae], _wEncT, _mWEncT, _vWEncT, transpose: true);
        Put(SaeTrainingState.BEnc, [_dSae], _bEnc, _mBEnc, _vBEnc);
        Put(SaeTrainingState.WDec, [_dSae, _dIn], _wDec, _mWDec, _vWDec);
        Put(SaeTrainingState.BDec, [_dIn], _bDec, _mBDec, _vBDec);
        if (_jump) Put(SaeTrainingState.LogThreshold, [_dSae], _logTheta!, _mLogTheta!, _vLogTheta!);
        return state;
    }

    public SaeParameters CurrentParameters() =>
        new(_dIn, _dSae, SaeParameters.Transpose(_wEncT.GetAsArray1D(), _dSae, _dIn), _bEnc.GetAsArray1D(),
            _wDec.GetAsArray1D(), _bDec.GetAsArray1D(),
            _batchTopK ? Enumerable.Repeat(_batchThreshold, _dSae).ToArray() : _jump ? _logTheta!.GetAsArray1D().Select(MathF.Exp).ToArray() : null);

    public void Dispose()
    {
        foreach (var b in new MemoryBuffer?[] { _wEncT, _bEnc, _wDec, _bDec, _mWEncT, _vWEncT, _mBEnc, _vBEnc, _mWDec, _vWDec, _mBDec, _vBDec,
                     _gWEncT, _gBEnc, _gWDec, _gBDec, _rowSq, _allLatents, _counts, _offsets, _cursor, _overflow, _list, _readback,
                     _batchState, _batchHist, _rowAbove, _rowTies, _rowTake, _rowStart, _entryRow, _norms, _theta, _gLogTheta, _logTheta, _mLogTheta, _vLogTheta,
                     _x, _xc, _pre, _errors, _mainVal, _mainGrad, _auxVal, _auxGrad, _mainLat, _auxLat, _dead })
            b?.Dispose();
        _blas?.Dispose();
        _accelerator.Dispose();
        _context.Dispose();
    }
}

/// <summary>How <see cref="IlgpuSaeBackend"/> selects each row's top k (all give the same result).</summary>
public enum TopKSelection
{
    /// <summary>Radix select (<see cref="IlgpuSelectionKernels.RadixTopK"/>), flagged rows finished by <see cref="Group"/>.</summary>
    Radix,
    /// <summary>k argmax rounds by a 256-thread group (<see cref="IlgpuKernels.RowTopKGroup"/>).</summary>
    Group,
    /// <summary>One thread per row (<see cref="IlgpuKernels.RowTopK"/>).</summary>
    Thread,
}
