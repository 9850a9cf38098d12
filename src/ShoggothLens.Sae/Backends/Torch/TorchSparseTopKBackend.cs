using ShoggothLens.Sae.Architectures;
using ShoggothLens.Sae.Backends.Torch.Sparse;
using TorchSharp;
using static TorchSharp.torch;

namespace ShoggothLens.Sae.Backends.Torch;

/// <summary>
/// The CPU TopK/BatchTopK step without dense autograd. libtorch does the one dense product,
/// pre = xc·W_encᵀ (into a buffer reused every step); everything after it touches only the
/// selected latents:
/// selection with the bias added on the fly (<see cref="RowTopK"/>, <see cref="BatchTopKSelection"/>,
/// AuxK among dead latents), decoding from the k selected decoder rows and the backward pass to
/// the selected pre-activations (<see cref="SparseDecodeKernel"/>), encoder and decoder gradients
/// for selected latents only (<see cref="LatentGradientKernel"/>), then dense Adam fused with the
/// decoder renormalisation (<see cref="AdamKernel"/>). It computes the same function as
/// <see cref="TorchDenseBackend"/>; the encoder is kept as W_encᵀ [d_sae, d_in] so that each
/// latent's gradient is one contiguous row.
/// </summary>
public sealed unsafe class TorchSparseTopKBackend : ISaeTrainingBackend
{
    readonly int _dIn, _dSae;
    // Parameters, Adam moments and gradient rows; W_encᵀ and its moments in [d_sae, d_in].
    readonly Tensor _wEncT, _bEnc, _wDec, _bDec;
    readonly Tensor _mWEncT, _vWEncT, _mBEnc, _vBEnc, _mWDec, _vWDec, _mBDec, _vBDec;
    readonly Tensor _gWEncT, _gBEnc, _gWDec, _gBDec;
    readonly LatentGradientKernel _gradients = new();
    readonly SparseCodes _main = new(), _aux = new();
    long _step;
    float _batchThreshold;

    // Per-batch-size buffers.
    int _rows;
    Tensor? _x, _xc, _pre, _errors;
    float[] _mainGrad = [], _auxGrad = [];
    int[] _dead = [];

    public TorchSparseTopKBackend(SaeTrainingSetup setup, SaeTrainingState initial)
    {
        setup.Validate();
        if (setup.Architecture is not (SaeArchitecture.TopK or SaeArchitecture.BatchTopK))
            throw new ArgumentException($"the sparse path trains TopK and BatchTopK SAEs, not {setup.Architecture}");
        Setup = setup;
        _dIn = setup.DIn;
        _dSae = setup.DSae;
        _step = initial.AdamStep;
        _batchThreshold = initial.BatchTopKThreshold;
        (_wEncT, _mWEncT, _vWEncT) = Load(initial, SaeTrainingState.WEnc, [_dIn, _dSae], transpose: true);
        (_bEnc, _mBEnc, _vBEnc) = Load(initial, SaeTrainingState.BEnc, [_dSae]);
        (_wDec, _mWDec, _vWDec) = Load(initial, SaeTrainingState.WDec, [_dSae, _dIn]);
        (_bDec, _mBDec, _vBDec) = Load(initial, SaeTrainingState.BDec, [_dIn]);
        _gWEncT = zeros(_dSae, _dIn);
        _gWDec = zeros(_dSae, _dIn);
        _gBEnc = zeros(_dSae);
        _gBDec = zeros(_dIn);
    }

    public string Name => "torch-sparse-topk";

    /// <summary>Tests set this to read each step's gradients (after the decoder projection, before clipping).</summary>
    internal bool CaptureGradients { get; set; }
    internal Dictionary<string, float[]>? CapturedGradients { get; private set; }
    public SaeTrainingSetup Setup { get; }

    static (Tensor, Tensor, Tensor) Load(SaeTrainingState state, string name, long[] shape, bool transpose = false)
    {
        var (value, m, v) = state.Parameter(name);
        if (!value.Shape.SequenceEqual(shape))
            throw new ArgumentException($"'{name}' has shape [{string.Join(", ", value.Shape)}], expected [{string.Join(", ", shape)}]");
        Tensor Make(StateTensor t)
        {
            using var raw = tensor(t.Data, shape);
            return transpose ? raw.t().contiguous() : raw.clone();
        }
        return (Make(value), Make(m), Make(v));
    }

    public StepStats Step(ReadOnlySpan<float> batch, int batchSize, StepControls controls)
    {
        if (batch.Length != (long)batchSize * _dIn) throw new ArgumentException($"batch holds {batch.Length} values, not {batchSize}×{_dIn}");
        EnsureBuffers(batchSize);
        float* x = TensorMemory.Floats(_x!), xc = TensorMemory.Floats(_xc!), pre = TensorMemory.Floats(_pre!), errors = TensorMemory.Floats(_errors!);
        float* wEncT = TensorMemory.Floats(_wEncT), bEnc = TensorMemory.Floats(_bEnc), wDec = TensorMemory.Floats(_wDec), bDec = TensorMemory.Floats(_bDec);
        batch.CopyTo(new Span<float>(x, batch.Length));
        CenterInput(x, xc, bDec, batchSize);

        // The one dense product: pre = xc·W_encᵀ (b_enc is added inside the selection scans).
        using (var wEnc = _wEncT.t()) _pre!.addmm_(_xc!, wEnc, beta: 0, alpha: 1);

        if (Setup.Architecture == SaeArchitecture.TopK)
        {
            _main.SetUniform(batchSize, Setup.K);
            RowTopK.Select(pre, bEnc, batchSize, _dSae, Setup.K, _main.Latents, _main.Values);
        }
        else
        {
            BatchTopKSelection.Select(pre, bEnc, batchSize, _dSae, (long)Setup.K * batchSize, _main);
        }

        // AuxK: the k_aux largest pre-activations among dead latents, scaled down when few are dead.
        SparseCodes? aux = null;
        float auxScale = 0;
        var dead = controls.DeadLatents;
        if (Setup.UsesAuxK && dead.Count > 0)
        {
            int kAux = Setup.EffectiveKAux, take = Math.Min(kAux, dead.Count);
            auxScale = Math.Min(dead.Count / (float)kAux, 1f);
            if (_dead.Length < dead.Count) _dead = GC.AllocateUninitializedArray<int>(dead.Count, pinned: true);
            for (int i = 0; i < dead.Count; i++) _dead[i] = dead[i];
            _aux.SetUniform(batchSize, take);
            fixed (int* deadPtr = _dead)
                RowTopK.SelectAmong(pre, bEnc, batchSize, _dSae, deadPtr, dead.Count, take, _aux.Latents, _aux.Values);
            aux = _aux;
        }

        if (_mainGrad.Length < _main.Count) _mainGrad = GC.AllocateUninitializedArray<float>(_main.Count, pinned: true);
        if (aux is not null && _auxGrad.Length < aux.Count) _auxGrad = GC.AllocateUninitializedArray<float>(aux.Count, pinned: true);
        float gradScale = 2f / batchSize;
        float auxGradScale = 2f * Setup.AuxCoefficient * auxScale / batchSize;
        SparseDecodeKernel.Sums sums;
        double gradNormSq;
        fixed (float* mainGrad = _mainGrad, auxGrad = _auxGrad)
        {
            sums = SparseDecodeKernel.Run(x, wDec, bDec, batchSize, _dIn, _main, mainGrad, gradScale, aux, auxGrad, auxGradScale, errors);
            gradNormSq = _gradients.Run(xc, errors, wEncT, wDec, batchSize, _dSae, _dIn,
                _main, mainGrad, gradScale, aux, auxGrad, auxGradScale,
                unitNormDecoder: true, Setup.ApplyBDecToInput,
                TensorMemory.Floats(_gWEncT), TensorMemory.Floats(_gWDec), TensorMemory.Floats(_gBEnc), TensorMemory.Floats(_gBDec));
        }

        if (CaptureGradients) CapturedGradients = ReadGradients();
        double gradNorm = Math.Sqrt(gradNormSq);
        float clip = Setup.MaxGradNorm > 0 ? (float)Math.Min(1.0, Setup.MaxGradNorm / (gradNorm + 1e-6)) : 1f;
        _step++;
        var k = AdamKernel.Constants.For(Setup.AdamConstants, controls.LearningRate, _step);
        var touched = _gradients.Touched;
        AdamKernel.Rows(wEncT, TensorMemory.Floats(_mWEncT), TensorMemory.Floats(_vWEncT), TensorMemory.Floats(_gWEncT), touched, _dSae, _dIn, clip, k, renormalise: false);
        AdamKernel.Rows(wDec, TensorMemory.Floats(_mWDec), TensorMemory.Floats(_vWDec), TensorMemory.Floats(_gWDec), touched, _dSae, _dIn, clip, k, renormalise: true);
        AdamKernel.Rows(bEnc, TensorMemory.Floats(_mBEnc), TensorMemory.Floats(_vBEnc), TensorMemory.Floats(_gBEnc), null, 1, _dSae, clip, k, renormalise: false);
        AdamKernel.Rows(bDec, TensorMemory.Floats(_mBDec), TensorMemory.Floats(_vBDec), TensorMemory.Floats(_gBDec), null, 1, _dIn, clip, k, renormalise: false);

        var fired = new int[_dSae];
        float smallest = float.PositiveInfinity;
        for (int i = 0; i < _main.Count; i++)
        {
            float v = _main.Values[i];
            if (!(v > 0)) continue;
            fired[_main.Latents[i]]++;
            if (v < smallest) smallest = v;
        }
        if (Setup.Architecture == SaeArchitecture.BatchTopK && float.IsFinite(smallest))
            _batchThreshold = (1 - Setup.BatchTopKThresholdRate) * _batchThreshold + Setup.BatchTopKThresholdRate * smallest;

        double mse = sums.SquaredError / batchSize;
        double auxLoss = aux is null ? 0 : Setup.AuxCoefficient * auxScale * sums.AuxSquaredError / batchSize;
        return new StepStats(mse + auxLoss, mse, 0, auxLoss, sums.SquaredError, sums.Active, fired, gradNorm);
    }

    Dictionary<string, float[]> ReadGradients()
    {
        // Rows of untouched latents hold stale values: their gradient is zero.
        var touched = _gradients.Touched;
        float[] Rows(Tensor t)
        {
            var data = t.data<float>().ToArray();
            for (int j = 0; j < _dSae; j++)
                if (touched[j] == 0) Array.Clear(data, j * _dIn, _dIn);
            return data;
        }
        return new()
        {
            [SaeTrainingState.WEnc] = SaeParameters.Transpose(Rows(_gWEncT), _dSae, _dIn),
            [SaeTrainingState.BEnc] = _gBEnc.data<float>().ToArray(),
            [SaeTrainingState.WDec] = Rows(_gWDec),
            [SaeTrainingState.BDec] = _gBDec.data<float>().ToArray(),
        };
    }

    /// <summary>xc = x − b_dec when the encoder sees centred input, else a copy of x.</summary>
    void CenterInput(float* x, float* xc, float* bDec, int rows)
    {
        int dIn = _dIn;
        bool center = Setup.ApplyBDecToInput;
        Chunked.For(rows, (long)rows * dIn, (start, end, _) =>
        {
            for (int b = start; b < end; b++)
            {
                long o = (long)b * dIn;
                new ReadOnlySpan<float>(x + o, dIn).CopyTo(new Span<float>(xc + o, dIn));
                if (center) VectorKernels.Subtract(bDec, xc + o, dIn);
            }
        });
    }

    void EnsureBuffers(int rows)
    {
        if (rows < 1) throw new ArgumentException($"batch size must be positive, got {rows}");
        if (rows == _rows) return;
        _x?.Dispose();
        _xc?.Dispose();
        _pre?.Dispose();
        _errors?.Dispose();
        _x = zeros(rows, _dIn);
        _xc = zeros(rows, _dIn);
        _pre = zeros(rows, _dSae);
        _errors = zeros(2 * rows, _dIn);
        _rows = rows;
    }

    public SaeTrainingState ExportState()
    {
        var state = new SaeTrainingState { AdamStep = _step, BatchTopKThreshold = _batchThreshold };
        void Put(string name, Tensor value, Tensor m, Tensor v, bool transpose = false)
        {
            float[] Read(Tensor t)
            {
                if (!transpose) return t.data<float>().ToArray();
                using var tt = t.t().contiguous();
                return tt.data<float>().ToArray();
            }
            long[] shape = transpose ? [value.shape[1], value.shape[0]] : value.shape.ToArray();
            state.Tensors[name] = new StateTensor(shape, Read(value));
            state.Tensors[SaeTrainingState.MomentName(name)] = new StateTensor(shape, Read(m));
            state.Tensors[SaeTrainingState.SecondMomentName(name)] = new StateTensor(shape, Read(v));
        }
        Put(SaeTrainingState.WEnc, _wEncT, _mWEncT, _vWEncT, transpose: true);
        Put(SaeTrainingState.BEnc, _bEnc, _mBEnc, _vBEnc);
        Put(SaeTrainingState.WDec, _wDec, _mWDec, _vWDec);
        Put(SaeTrainingState.BDec, _bDec, _mBDec, _vBDec);
        return state;
    }

    public SaeParameters CurrentParameters()
    {
        using var wEnc = _wEncT.t().contiguous();
        float[]? threshold = Setup.Architecture == SaeArchitecture.BatchTopK ? Enumerable.Repeat(_batchThreshold, _dSae).ToArray() : null;
        return new SaeParameters(_dIn, _dSae, wEnc.data<float>().ToArray(), _bEnc.data<float>().ToArray(),
            _wDec.data<float>().ToArray(), _bDec.data<float>().ToArray(), threshold);
    }

    public void Dispose()
    {
        foreach (var t in new[] { _wEncT, _bEnc, _wDec, _bDec, _mWEncT, _vWEncT, _mBEnc, _vBEnc, _mWDec, _vWDec, _mBDec, _vBDec, _gWEncT, _gBEnc, _gWDec, _gBDec })
            t.Dispose();
        _x?.Dispose();
        _xc?.Dispose();
        _pre?.Dispose();
        _errors?.Dispose();
    }
}
