using ILGPU;
using ILGPU.Runtime;
using ILGPU.Runtime.CPU;
using ILGPU.Runtime.Cuda;
using ShoggothLens.Sae.Architectures;

namespace ShoggothLens.Sae.Backends.Ilgpu;

/// <summary>
/// The TopK training step on an ILGPU accelerator (CUDA when present, else ILGPU's CPU
/// accelerator with 256-thread groups, which runs the same kernels in tests). It mirrors
/// <see cref="Torch.TorchSparseTopKBackend"/> step for step: pre = xc·W_encᵀ (a shared-memory
/// tiled GEMM), per-row top-k with b_enc added, AuxK among dead latents, sparse decode and its
/// backward pass, sparse encoder/decoder gradients by atomics, decoder-gradient projection,
/// clipping, element-wise Adam and decoder renormalisation. Parameters live on the device; the
/// encoder is kept as W_encᵀ [d_sae, d_in]. BatchTopK, JumpReLU, ReLU-L1 and the cuBLAS product
/// are not built yet.
/// </summary>
public sealed class IlgpuTopKBackend : ISaeTrainingBackend
{
    readonly Context _context;
    readonly Accelerator _accelerator;
    readonly int _dIn, _dSae;
    readonly MemoryBuffer1D<float, Stride1D.Dense> _wEncT, _bEnc, _wDec, _bDec;
    readonly MemoryBuffer1D<float, Stride1D.Dense> _mWEncT, _vWEncT, _mBEnc, _vBEnc, _mWDec, _vWDec, _mBDec, _vBDec;
    readonly MemoryBuffer1D<float, Stride1D.Dense> _gWEncT, _gBEnc, _gWDec, _gBDec, _rowSq;
    readonly MemoryBuffer1D<int, Stride1D.Dense> _touched, _allLatents;
    readonly IlgpuCuBlas? _blas;
    long _step;
    readonly float _batchThreshold;

    // Per-batch-size buffers.
    int _rows;
    MemoryBuffer1D<float, Stride1D.Dense>? _x, _xc, _pre, _errors, _sums, _mainVal, _mainGrad, _auxVal, _auxGrad;
    MemoryBuffer1D<int, Stride1D.Dense>? _mainLat, _auxLat, _dead;
    int _deadCapacity;

    readonly Action<Index1D, ArrayView<float>, ArrayView<float>, ArrayView<float>, int, int> _center;
    readonly Action<KernelConfig, ArrayView<float>, ArrayView<float>, ArrayView<float>, int, int, int> _gemm;
    readonly Action<KernelConfig, ArrayView<float>, ArrayView<float>, ArrayView<int>, int, int, int, ArrayView<int>, ArrayView<float>> _topKGroup;
    readonly Action<Index1D, ArrayView<float>, ArrayView<float>, ArrayView<int>, int, int, int, ArrayView<int>, ArrayView<float>> _topKThread;
    readonly Action<Index1D, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<int>, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, StepParams> _decodeMain;
    readonly Action<Index1D, ArrayView<float>, ArrayView<float>, ArrayView<int>, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, StepParams> _decodeAux;
    readonly Action<Index1D, ArrayView<float>, ArrayView<float>, ArrayView<int>, ArrayView<float>, ArrayView<float>, int, int, float, int, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<int>, StepParams> _latentGradients;
    readonly Action<Index1D, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<int>, ArrayView<float>, int> _project;
    readonly Action<Index1D, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, StepParams> _bDecGradient;
    readonly Action<Index1D, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, AdamParams> _adam;
    readonly Action<Index1D, ArrayView<float>, int> _renormalise;

    /// <param name="forceCpu">Use ILGPU's CPU accelerator even when a CUDA device is present (tests).</param>
    /// <param name="product">How the dense encoder product is computed (cuBLAS needs CUDA).</param>
    public IlgpuTopKBackend(SaeTrainingSetup setup, SaeTrainingState initial, bool forceCpu = false, IlgpuProduct product = IlgpuProduct.Auto)
    {
        setup.Validate();
        CheckSupported(setup);
        Setup = setup;
        _dIn = setup.DIn;
        _dSae = setup.DSae;
        _step = initial.AdamStep;
        _batchThreshold = initial.BatchTopKThreshold;

        (_context, _accelerator) = CreateAccelerator(forceCpu);
        DeviceName = $"{_accelerator.AcceleratorType}: {_accelerator.Name}";
        GroupSelection = _accelerator.AcceleratorType == AcceleratorType.Cuda;
        _blas = CreateBlas(product);
        Product = _blas is null ? "ilgpu tiled GEMM (fp32)" : product == IlgpuProduct.CuBlasFp32 ? "cuBLAS fp32" : "cuBLAS TF32";
        try
        {
            (_wEncT, _mWEncT, _vWEncT) = Load(initial, SaeTrainingState.WEnc, [_dIn, _dSae], transpose: true);
            (_bEnc, _mBEnc, _vBEnc) = Load(initial, SaeTrainingState.BEnc, [_dSae]);
            (_wDec, _mWDec, _vWDec) = Load(initial, SaeTrainingState.WDec, [_dSae, _dIn]);
            (_bDec, _mBDec, _vBDec) = Load(initial, SaeTrainingState.BDec, [_dIn]);
            _gWEncT = _accelerator.Allocate1D<float>((long)_dSae * _dIn);
            _gWDec = _accelerator.Allocate1D<float>((long)_dSae * _dIn);
            _gBEnc = _accelerator.Allocate1D<float>(_dSae);
            _gBDec = _accelerator.Allocate1D<float>(_dIn);
            _rowSq = _accelerator.Allocate1D<float>(_dSae);
            _touched = _accelerator.Allocate1D<int>(_dSae);
            _allLatents = _accelerator.Allocate1D(Enumerable.Range(0, _dSae).ToArray());

            var acc = _accelerator;
            _center = acc.LoadAutoGroupedStreamKernel<Index1D, ArrayView<float>, ArrayView<float>, ArrayView<float>, int, int>(IlgpuKernels.Center);
            _gemm = acc.LoadStreamKernel<ArrayView<float>, ArrayView<float>, ArrayView<float>, int, int, int>(IlgpuKernels.GemmNT);
            _topKThread = acc.LoadAutoGroupedStreamKernel<Index1D, ArrayView<float>, ArrayView<float>, ArrayView<int>, int, int, int, ArrayView<int>, ArrayView<float>>(IlgpuKernels.RowTopK);
            _topKGroup = acc.LoadStreamKernel<ArrayView<float>, ArrayView<float>, ArrayView<int>, int, int, int, ArrayView<int>, ArrayView<float>>(IlgpuKernels.RowTopKGroup);
            _decodeMain = acc.LoadAutoGroupedStreamKernel<Index1D, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<int>, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, StepParams>(IlgpuKernels.DecodeMain);
            _decodeAux = acc.LoadAutoGroupedStreamKernel<Index1D, ArrayView<float>, ArrayView<float>, ArrayView<int>, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, StepParams>(IlgpuKernels.DecodeAux);
            _latentGradients = acc.LoadAutoGroupedStreamKernel<Index1D, ArrayView<float>, ArrayView<float>, ArrayView<int>, ArrayView<float>, ArrayView<float>, int, int, float, int, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<int>, StepParams>(IlgpuKernels.LatentGradients);
            _project = acc.LoadAutoGroupedStreamKernel<Index1D, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<int>, ArrayView<float>, int>(IlgpuKernels.ProjectAndNorm);
            _bDecGradient = acc.LoadAutoGroupedStreamKernel<Index1D, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, StepParams>(IlgpuKernels.BDecGradient);
            _adam = acc.LoadAutoGroupedStreamKernel<Index1D, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, AdamParams>(IlgpuKernels.Adam);
            _renormalise = acc.LoadAutoGroupedStreamKernel<Index1D, ArrayView<float>, int>(IlgpuKernels.Renormalise);
        }
        catch
        {
            _accelerator.Dispose();
            _context.Dispose();
            throw;
        }
    }

    public string Name => "ilgpu-topk";

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
        if (setup.Architecture != SaeArchitecture.TopK)
            throw new ArgumentException($"the ILGPU backend trains TopK SAEs only so far, not {setup.Architecture}; use --backend torch");
    }

    /// <summary>The accelerator in words, for the CLI: "Cuda: NVIDIA H100 …" or "CPU: CPUAccelerator".</summary>
    public string DeviceName { get; }

    public SaeTrainingSetup Setup { get; }

    /// <summary>
    /// Top-k with one 256-thread group per row (<see cref="IlgpuKernels.RowTopKGroup"/>, the GPU
    /// default) or one thread per row (<see cref="IlgpuKernels.RowTopK"/>, the CPU accelerator's
    /// default: its simulated barriers make the group kernel ~20× slower there). Same result.
    /// </summary>
    internal bool GroupSelection { get; set; }

    /// <summary>The last step's selection, [rows, k] latents and pre-activations in decreasing order (tests).</summary>
    internal (int[] Latents, float[] Values) LastSelection { get; private set; } = ([], []);

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

    static (Context, Accelerator) CreateAccelerator(bool forceCpu)
    {
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
        // 32×8 threads per group so GPU-sized groups (256 threads) run unchanged.
        var context = Context.Create(b => b.CPU(new CPUDevice(32, 8, 1)));
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
        int k = Setup.K;
        ((ArrayView<float>)_x!.View).CopyFromCPU(batch);
        _center((int)_x.Length, _x.View, _bDec.View, _xc!.View, _dIn, Setup.ApplyBDecToInput ? 1 : 0);

        // The one dense product: pre = xc·W_encᵀ (b_enc is added inside the selection).
        var grid = new Index2D((_dSae + IlgpuKernels.Tile - 1) / IlgpuKernels.Tile, (batchSize + IlgpuKernels.Tile - 1) / IlgpuKernels.Tile);
        if (_blas is not null) _blas.EncoderProduct(_xc.View, _wEncT.View, _pre!.View, batchSize, _dSae, _dIn);
        else _gemm(new KernelConfig(grid, new Index2D(IlgpuKernels.Tile, IlgpuKernels.Tile)), _xc.View, _wEncT.View, _pre!.View, batchSize, _dSae, _dIn);
        var perRow = new KernelConfig(new Index1D(batchSize), new Index1D(IlgpuKernels.SelectGroup));
        void Select(ArrayView<int> candidates, int count, int take, ArrayView<int> latents, ArrayView<float> values)
        {
            if (GroupSelection) _topKGroup(perRow, _pre.View, _bEnc.View, candidates, count, _dSae, take, latents, values);
            else _topKThread(batchSize, _pre.View, _bEnc.View, candidates, count, _dSae, take, latents, values);
        }
        Select(_allLatents.View, _dSae, k, _mainLat!.View, _mainVal!.View);

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
            Select(_dead!.View, dead.Count, take, _auxLat!.View, _auxVal!.View);
        }

        float gradScale = 2f / batchSize;
        float auxGradScale = 2f * Setup.AuxCoefficient * auxScale / batchSize;
        var p = new StepParams(batchSize, _dIn, _dSae, k, take, Setup.ApplyBDecToInput, hasAux, gradScale, auxGradScale);
        _sums!.MemSetToZero();
        _decodeMain(batchSize, _x.View, _wDec.View, _bDec.View, _mainLat!.View, _mainVal!.View, _errors!.View, _mainGrad!.View, _sums!.View, p);
        if (hasAux)
            _decodeAux(batchSize, _wDec.View, _bDec.View, _auxLat!.View, _auxVal!.View, _errors.View, _auxGrad!.View, _sums!.View, p);

        _gWEncT.MemSetToZero();
        _gWDec.MemSetToZero();
        _gBEnc.MemSetToZero();
        _touched.MemSetToZero();
        _latentGradients(batchSize * k * _dIn, _xc.View, _errors.View, _mainLat.View, _mainVal.View, _mainGrad.View, k, 0, gradScale, 1,
            _gWEncT.View, _gWDec.View, _gBEnc.View, _touched.View, p);
        if (hasAux)
            _latentGradients(batchSize * take * _dIn, _xc.View, _errors.View, _auxLat!.View, _auxVal!.View, _auxGrad!.View, take, batchSize, auxGradScale, 0,
                _gWEncT.View, _gWDec.View, _gBEnc.View, _touched.View, p);
        _project(_dSae, _wDec.View, _gWEncT.View, _gWDec.View, _gBEnc.View, _touched.View, _rowSq.View, _dIn);
        _bDecGradient(_dIn, _errors.View, _gBEnc.View, _wEncT.View, _gBDec.View, p);
        _accelerator.Synchronize();

        if (CaptureGradients) CapturedGradients = ReadGradients();
        double gradNormSq = 0;
        foreach (var q in _rowSq.GetAsArray1D()) gradNormSq += q;
        foreach (var g in _gBDec.GetAsArray1D()) gradNormSq += (double)g * g;
        double gradNorm = Math.Sqrt(gradNormSq);
        float clip = Setup.MaxGradNorm > 0 ? (float)Math.Min(1.0, Setup.MaxGradNorm / (gradNorm + 1e-6)) : 1f;
        _step++;
        var adam = Setup.AdamConstants;
        var a = new AdamParams(adam.Beta1, adam.Beta2, adam.Epsilon,
            (float)(controls.LearningRate / (1 - Math.Pow(adam.Beta1, _step))),
            (float)Math.Sqrt(1 - Math.Pow(adam.Beta2, _step)), clip);
        _adam((int)_wEncT.Length, _wEncT.View, _mWEncT.View, _vWEncT.View, _gWEncT.View, a);
        _adam((int)_wDec.Length, _wDec.View, _mWDec.View, _vWDec.View, _gWDec.View, a);
        _renormalise(_dSae, _wDec.View, _dIn);
        _adam(_dSae, _bEnc.View, _mBEnc.View, _vBEnc.View, _gBEnc.View, a);
        _adam(_dIn, _bDec.View, _mBDec.View, _vBDec.View, _gBDec.View, a);

        // Statistics from the selection and the per-row sums.
        var latents = _mainLat.GetAsArray1D();
        var values = _mainVal.GetAsArray1D();
        var sums = _sums!.GetAsArray1D();
        LastSelection = (latents, values);
        var fired = new int[_dSae];
        for (int i = 0; i < latents.Length; i++)
            if (values[i] > 0) fired[latents[i]]++;
        double sse = 0, auxSse = 0;
        long active = 0;
        for (int b = 0; b < batchSize; b++)
        {
            sse += sums[b];
            auxSse += sums[batchSize + b];
            active += (long)sums[2 * batchSize + b];
        }
        double mse = sse / batchSize;
        double auxLoss = hasAux ? Setup.AuxCoefficient * auxScale * auxSse / batchSize : 0;
        return new StepStats(mse + auxLoss, mse, 0, auxLoss, sse, active, fired, gradNorm);
    }

    /// <summary>Tests set this to read each step's gradients (after the decoder projection, before clipping).</summary>
    internal bool CaptureGradients { get; set; }
    internal Dictionary<string, float[]>? CapturedGradients { get; private set; }

    Dictionary<string, float[]> ReadGradients() => new()
    {
        [SaeTrainingState.WEnc] = SaeParameters.Transpose(_gWEncT.GetAsArray1D(), _dSae, _dIn),
        [SaeTrainingState.BEnc] = _gBEnc.GetAsArray1D(),
        [SaeTrainingState.WDec] = _gWDec.GetAsArray1D(),
        [SaeTrainingState.BDec] = _gBDec.GetAsArray1D(),
    };

    void EnsureBuffers(int rows)
    {
        if (rows < 1) throw new ArgumentException($"batch size must be positive, got {rows}");
        if (rows == _rows) return;
        foreach (var b in new MemoryBuffer?[] { _x, _xc, _pre, _errors, _sums, _mainVal, _mainGrad, _mainLat, _auxVal, _auxGrad, _auxLat })
            b?.Dispose();
        _auxVal = _auxGrad = null;
        _auxLat = null;
        _x = _accelerator.Allocate1D<float>((long)rows * _dIn);
        _xc = _accelerator.Allocate1D<float>((long)rows * _dIn);
        _pre = _accelerator.Allocate1D<float>((long)rows * _dSae);
        _errors = _accelerator.Allocate1D<float>(2L * rows * _dIn);
        _sums = _accelerator.Allocate1D<float>(3L * rows);
        _mainLat = _accelerator.Allocate1D<int>((long)rows * Setup.K);
        _mainVal = _accelerator.Allocate1D<float>((long)rows * Setup.K);
        _mainGrad = _accelerator.Allocate1D<float>((long)rows * Setup.K);
        _rows = rows;
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
        return state;
    }

    public SaeParameters CurrentParameters() =>
        new(_dIn, _dSae, SaeParameters.Transpose(_wEncT.GetAsArray1D(), _dSae, _dIn), _bEnc.GetAsArray1D(),
            _wDec.GetAsArray1D(), _bDec.GetAsArray1D(), null);

    public void Dispose()
    {
        foreach (var b in new MemoryBuffer?[] { _wEncT, _bEnc, _wDec, _bDec, _mWEncT, _vWEncT, _mBEnc, _vBEnc, _mWDec, _vWDec, _mBDec, _vBDec,
                     _gWEncT, _gBEnc, _gWDec, _gBDec, _rowSq, _touched, _allLatents,
                     _x, _xc, _pre, _errors, _sums, _mainVal, _mainGrad, _auxVal, _auxGrad, _mainLat, _auxLat, _dead })
            b?.Dispose();
        _blas?.Dispose();
        _accelerator.Dispose();
        _context.Dispose();
    }
}
