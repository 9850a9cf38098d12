using ILGPU;
using ILGPU.Runtime;
using ShoggothLens.Sae.Architectures;
using ShoggothLens.Sae.Backends.Ilgpu.Kernels;
using FloatBuffer = ILGPU.Runtime.MemoryBuffer1D<float, ILGPU.Stride1D.Dense>;
using IntBuffer = ILGPU.Runtime.MemoryBuffer1D<int, ILGPU.Stride1D.Dense>;

namespace ShoggothLens.Sae.Backends.Ilgpu.Buffers;

/// <summary>
/// The step's scratch on the device: gradients, the latent sort, the selections' state and entries,
/// and the per-batch buffers, (re)allocated when the batch size or the entry count grows. Entries of
/// a selection are "main" (the architecture's) or "aux" (AuxK's k_aux largest among dead latents).
/// </summary>
internal sealed class IlgpuWorkspace : IDisposable
{
    readonly Accelerator _accelerator;
    readonly int _dIn, _dSae;

    public FloatBuffer GBEnc { get; }
    public FloatBuffer GBDec { get; }
    /// <summary>Per latent: ‖∂W_encᵀ[j]‖² + ‖∂W_dec[j]‖² + ∂b_enc[j]², for the global norm.</summary>
    public FloatBuffer RowSq { get; }
    // The two weight-gradient matrices, allocated by the first two-pass step: the fused path never
    // writes gradients, and at 2304×65536 they would hold 1.2 GB of device memory for nothing.
    FloatBuffer? _gWEncT, _gWDec;
    /// <summary>0..d_sae−1: the candidate list of a selection over every latent.</summary>
    public IntBuffer AllLatents { get; }
    public IntBuffer Counts { get; }
    public IntBuffer Offsets { get; }
    public IntBuffer Cursor { get; }
    /// <summary>Ragged selections: radix-select state and histogram (<see cref="IlgpuRaggedSelectionKernels"/>).</summary>
    public IntBuffer BatchState { get; }
    public IntBuffer BatchHist { get; }
    /// <summary>ReLU-L1: ‖W_dec[j]‖.</summary>
    public FloatBuffer Norms { get; }
    /// <summary>JumpReLU: θ and ∂log θ (allocated for every architecture: the kernels take them as unused arguments).</summary>
    public FloatBuffer Theta { get; }
    public FloatBuffer GLogTheta { get; }

    // Per-batch-size buffers.
    int _rows;
    FloatBuffer? _x, _xc, _pre, _errors, _mainVal, _mainGrad, _auxVal, _auxGrad;
    IntBuffer? _mainLat, _auxLat, _dead, _overflow, _list;
    int _deadCapacity;
    long _mainCapacity;
    // Ragged rows: per-row counts above and at the cut, ties taken, row offsets, and each entry's row.
    IntBuffer? _rowAbove, _rowTies, _rowTake, _rowStart, _entryRow;
    // What the host reads after a step, in one buffer so it is one copy: firing counts [d_sae], then
    // (as float bits) per-row sums [4·rows] and the gradient norm and clipping factor [2].
    IntBuffer? _readback;

    public IlgpuWorkspace(Accelerator accelerator, int dIn, int dSae)
    {
        _accelerator = accelerator;
        _dIn = dIn;
        _dSae = dSae;
        GBEnc = accelerator.Allocate1D<float>(dSae);
        GBDec = accelerator.Allocate1D<float>(dIn);
        RowSq = accelerator.Allocate1D<float>(dSae);
        AllLatents = accelerator.Allocate1D(Enumerable.Range(0, dSae).ToArray());
        Counts = accelerator.Allocate1D<int>(dSae);
        BatchState = accelerator.Allocate1D<int>(IlgpuRaggedSelectionKernels.StateSize);
        BatchHist = accelerator.Allocate1D<int>(IlgpuRaggedSelectionKernels.Bins);
        Norms = accelerator.Allocate1D<float>(dSae);
        Theta = accelerator.Allocate1D<float>(dSae);
        GLogTheta = accelerator.Allocate1D<float>(dSae);
        Offsets = accelerator.Allocate1D<int>(dSae + 1);
        Cursor = accelerator.Allocate1D<int>(dSae);
    }

    public FloatBuffer X => _x!;
    public FloatBuffer Xc => _xc!;
    public FloatBuffer Pre => _pre!;
    /// <summary>[2, rows, d_in]: the main decode's error rows, then AuxK's.</summary>
    public FloatBuffer Errors => _errors!;
    public IntBuffer MainLat => _mainLat!;
    public FloatBuffer MainVal => _mainVal!;
    public FloatBuffer MainGrad => _mainGrad!;
    public IntBuffer EntryRow => _entryRow!;
    public long MainCapacity => _mainCapacity;
    public IntBuffer AuxLat => _auxLat!;
    public FloatBuffer AuxVal => _auxVal!;
    public FloatBuffer AuxGrad => _auxGrad!;
    public IntBuffer Dead => _dead!;
    public IntBuffer Overflow => _overflow!;
    public IntBuffer List => _list!;
    public IntBuffer RowAbove => _rowAbove!;
    public IntBuffer RowTies => _rowTies!;
    public IntBuffer RowTake => _rowTake!;
    public IntBuffer RowStart => _rowStart!;
    public IntBuffer Readback => _readback!;
    /// <summary>Views of <see cref="Readback"/>: firing counts, per-row sums (squared error, AuxK squared error, active count, L1), and {norm, clip}.</summary>
    public ArrayView<int> Fired { get; private set; }
    public ArrayView<float> Sums { get; private set; }
    public ArrayView<float> Stats { get; private set; }
    public FloatBuffer GWEncT => _gWEncT!;
    public FloatBuffer GWDec => _gWDec!;

    /// <summary>The weight-gradient matrices, for the two-pass path (<see cref="GWEncT"/>, <see cref="GWDec"/>).</summary>
    public void EnsureWeightGradients()
    {
        _gWEncT ??= _accelerator.Allocate1D<float>((long)_dSae * _dIn);
        _gWDec ??= _accelerator.Allocate1D<float>((long)_dSae * _dIn);
    }

    /// <summary>Buffers for batches of <paramref name="rows"/>; <paramref name="mainCapacity"/> main entries (used when the size changes).</summary>
    public void EnsureRows(int rows, long mainCapacity)
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
        Fired = _readback.View.SubView(0, _dSae);
        var floats = ((ArrayView<int>)_readback.View).SubView(_dSae, 4L * rows + 2).Cast<float>();
        Sums = floats.SubView(0, 4L * rows);
        Stats = floats.SubView(4L * rows, 2);
        Sums.SubView(3L * rows, rows).MemSetToZero();
        _overflow = _accelerator.Allocate1D<int>(rows);
        foreach (var b in new MemoryBuffer?[] { _rowAbove, _rowTies, _rowTake, _rowStart }) b?.Dispose();
        _rowAbove = _accelerator.Allocate1D<int>(rows);
        _rowTies = _accelerator.Allocate1D<int>(rows);
        _rowTake = _accelerator.Allocate1D<int>(rows);
        _rowStart = _accelerator.Allocate1D<int>(rows + 1);
        _mainCapacity = 0;
        EnsureMain(mainCapacity);
        _rows = rows;
    }

    /// <summary>Room for this many main entries (TopK/BatchTopK: k·rows; ReLU: the batch's positive count, grown as needed).</summary>
    public void EnsureMain(long capacity)
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

    public void EnsureAux(int rows, int take, int deadCount)
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

    public void EnsureList(int entries)
    {
        if (_list is not null && _list.Length >= entries) return;
        _list?.Dispose();
        _list = _accelerator.Allocate1D<int>(Math.Max(entries, 1));
    }

    /// <summary>The last two-pass step's gradients in SAELens orientation (tests: after the decoder projection, before clipping).</summary>
    public Dictionary<string, float[]> ReadGradients(bool logThreshold)
    {
        // Rows of latents without entries are not written this step: they are zero.
        var offsets = Offsets.GetAsArray1D();
        float[] Rows(FloatBuffer buffer)
        {
            var data = buffer.GetAsArray1D();
            for (int j = 0; j < _dSae; j++)
                if (offsets[j + 1] == offsets[j]) Array.Clear(data, j * _dIn, _dIn);
            return data;
        }
        var gradients = new Dictionary<string, float[]>
        {
            [SaeTrainingState.WEnc] = SaeParameters.Transpose(Rows(_gWEncT!), _dSae, _dIn),
            [SaeTrainingState.BEnc] = GBEnc.GetAsArray1D(),
            [SaeTrainingState.WDec] = Rows(_gWDec!),
            [SaeTrainingState.BDec] = GBDec.GetAsArray1D(),
        };
        if (logThreshold) gradients[SaeTrainingState.LogThreshold] = GLogTheta.GetAsArray1D();
        return gradients;
    }

    public void Dispose()
    {
        foreach (var b in new MemoryBuffer?[] { _gWEncT, GBEnc, _gWDec, GBDec, RowSq, AllLatents, Counts, Offsets, Cursor, _overflow, _list, _readback,
                     BatchState, BatchHist, _rowAbove, _rowTies, _rowTake, _rowStart, _entryRow, Norms, Theta, GLogTheta,
                     _x, _xc, _pre, _errors, _mainVal, _mainGrad, _auxVal, _auxGrad, _mainLat, _auxLat, _dead })
            b?.Dispose();
    }
}
