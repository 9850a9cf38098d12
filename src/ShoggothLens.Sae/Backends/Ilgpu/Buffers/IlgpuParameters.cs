using ILGPU;
using ILGPU.Runtime;
using ShoggothLens.Sae.Architectures;
using FloatBuffer = ILGPU.Runtime.MemoryBuffer1D<float, ILGPU.Stride1D.Dense>;

namespace ShoggothLens.Sae.Backends.Ilgpu.Buffers;

/// <summary>
/// What a run trains, on the device: the weights (the encoder kept as W_encᵀ [d_sae, d_in], so each
/// latent's encoder row is contiguous), their Adam moments, JumpReLU's log θ, the Adam step and
/// BatchTopK's inference threshold. Read back into <see cref="SaeTrainingState"/> (SAELens orientation)
/// for checkpoints.
/// </summary>
internal sealed class IlgpuParameters : IDisposable
{
    readonly Accelerator _accelerator;
    readonly int _dIn, _dSae;
    readonly bool _batchTopK;

    public FloatBuffer WEncT { get; }
    public FloatBuffer MWEncT { get; }
    public FloatBuffer VWEncT { get; }
    public FloatBuffer BEnc { get; }
    public FloatBuffer MBEnc { get; }
    public FloatBuffer VBEnc { get; }
    public FloatBuffer WDec { get; }
    public FloatBuffer MWDec { get; }
    public FloatBuffer VWDec { get; }
    public FloatBuffer BDec { get; }
    public FloatBuffer MBDec { get; }
    public FloatBuffer VBDec { get; }

    /// <summary>JumpReLU: per-latent thresholds θ = exp(log θ), trained by Adam with straight-through gradients; null otherwise.</summary>
    public FloatBuffer? LogTheta { get; }
    public FloatBuffer? MLogTheta { get; }
    public FloatBuffer? VLogTheta { get; }

    public long AdamStep { get; set; }

    /// <summary>BatchTopK's inference threshold (a running average of each batch's smallest kept activation).</summary>
    public float BatchThreshold { get; set; }

    public IlgpuParameters(Accelerator accelerator, SaeTrainingSetup setup, SaeTrainingState initial)
    {
        _accelerator = accelerator;
        _dIn = setup.DIn;
        _dSae = setup.DSae;
        _batchTopK = setup.Architecture == SaeArchitecture.BatchTopK;
        (WEncT, MWEncT, VWEncT) = Load(initial, SaeTrainingState.WEnc, [_dIn, _dSae], transpose: true);
        (BEnc, MBEnc, VBEnc) = Load(initial, SaeTrainingState.BEnc, [_dSae]);
        (WDec, MWDec, VWDec) = Load(initial, SaeTrainingState.WDec, [_dSae, _dIn]);
        (BDec, MBDec, VBDec) = Load(initial, SaeTrainingState.BDec, [_dIn]);
        if (setup.Architecture == SaeArchitecture.JumpReLU)
            (LogTheta, MLogTheta, VLogTheta) = Load(initial, SaeTrainingState.LogThreshold, [_dSae]);
        AdamStep = initial.AdamStep;
        BatchThreshold = initial.BatchTopKThreshold;
    }

    (FloatBuffer, FloatBuffer, FloatBuffer) Load(SaeTrainingState state, string name, long[] shape, bool transpose = false)
    {
        var (value, m, v) = state.Parameter(name);
        if (!value.Shape.SequenceEqual(shape))
            throw new ArgumentException($"'{name}' has shape [{string.Join(", ", value.Shape)}], expected [{string.Join(", ", shape)}]");
        FloatBuffer Make(StateTensor t) =>
            _accelerator.Allocate1D(transpose ? SaeParameters.Transpose(t.Data, (int)shape[0], (int)shape[1]) : t.Data);
        return (Make(value), Make(m), Make(v));
    }

    public SaeTrainingState Export()
    {
        var state = new SaeTrainingState { AdamStep = AdamStep, BatchTopKThreshold = BatchThreshold };
        void Put(string name, long[] shape, FloatBuffer value, FloatBuffer m, FloatBuffer v, bool transpose = false)
        {
            float[] Read(FloatBuffer t) =>
                transpose ? SaeParameters.Transpose(t.GetAsArray1D(), _dSae, _dIn) : t.GetAsArray1D();
            state.Tensors[name] = new StateTensor(shape, Read(value));
            state.Tensors[SaeTrainingState.MomentName(name)] = new StateTensor(shape, Read(m));
            state.Tensors[SaeTrainingState.SecondMomentName(name)] = new StateTensor(shape, Read(v));
        }
        Put(SaeTrainingState.WEnc, [_dIn, _dSae], WEncT, MWEncT, VWEncT, transpose: true);
        Put(SaeTrainingState.BEnc, [_dSae], BEnc, MBEnc, VBEnc);
        Put(SaeTrainingState.WDec, [_dSae, _dIn], WDec, MWDec, VWDec);
        Put(SaeTrainingState.BDec, [_dIn], BDec, MBDec, VBDec);
        if (LogTheta is not null) Put(SaeTrainingState.LogThreshold, [_dSae], LogTheta, MLogTheta!, VLogTheta!);
        return state;
    }

    /// <summary>The inference weights; BatchTopK and JumpReLU with their threshold vector.</summary>
    public SaeParameters Current() =>
        new(_dIn, _dSae, SaeParameters.Transpose(WEncT.GetAsArray1D(), _dSae, _dIn), BEnc.GetAsArray1D(),
            WDec.GetAsArray1D(), BDec.GetAsArray1D(),
            _batchTopK ? Enumerable.Repeat(BatchThreshold, _dSae).ToArray() : LogTheta is not null ? LogTheta.GetAsArray1D().Select(MathF.Exp).ToArray() : null);

    public void Dispose()
    {
        foreach (var b in new MemoryBuffer?[] { WEncT, BEnc, WDec, BDec, MWEncT, VWEncT, MBEnc, VBEnc, MWDec, VWDec, MBDec, VBDec, LogTheta, MLogTheta, VLogTheta })
            b?.Dispose();
    }
}
