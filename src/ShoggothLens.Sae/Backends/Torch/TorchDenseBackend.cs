using ShoggothLens.Sae.Architectures;
using TorchSharp;
using static TorchSharp.torch;

namespace ShoggothLens.Sae.Backends.Torch;

/// <summary>
/// The straightforward step, as SAELens writes it: dense feature activations [B, d_sae], dense
/// decoder product, losses, autograd for every gradient. It serves every architecture (Standard
/// and JumpReLU train on it) and is the reference the sparse TopK path is tested against and
/// benchmarked against (<c>shoggoth bench train --baseline dense</c>).
/// </summary>
public sealed class TorchDenseBackend : ISaeTrainingBackend
{
    readonly Tensor _wEnc, _bEnc, _wDec, _bDec;
    readonly Tensor? _logThreshold;
    readonly TorchAdam _adam;
    readonly List<(string Name, Tensor Tensor)> _parameters = [];
    float _batchThreshold;

    public TorchDenseBackend(SaeTrainingSetup setup, SaeTrainingState initial)
    {
        setup.Validate();
        Setup = setup;
        _adam = new TorchAdam(setup.AdamConstants) { Step = initial.AdamStep };
        _batchThreshold = initial.BatchTopKThreshold;
        _wEnc = AddParameter(initial, SaeTrainingState.WEnc, setup.DIn, setup.DSae);
        _bEnc = AddParameter(initial, SaeTrainingState.BEnc, setup.DSae);
        _wDec = AddParameter(initial, SaeTrainingState.WDec, setup.DSae, setup.DIn);
        _bDec = AddParameter(initial, SaeTrainingState.BDec, setup.DIn);
        if (setup.Architecture == SaeArchitecture.JumpReLU)
            _logThreshold = AddParameter(initial, SaeTrainingState.LogThreshold, setup.DSae);
    }

    public string Name => "torch-dense-autograd";

    /// <summary>Tests set this to read each step's gradients (after the decoder projection, before clipping).</summary>
    internal bool CaptureGradients { get; set; }
    internal Dictionary<string, float[]>? CapturedGradients { get; private set; }
    public SaeTrainingSetup Setup { get; }

    Tensor AddParameter(SaeTrainingState state, string name, params long[] shape)
    {
        var (value, m, v) = state.Parameter(name);
        if (!value.Shape.SequenceEqual(shape))
            throw new ArgumentException($"'{name}' has shape [{string.Join(", ", value.Shape)}], expected [{string.Join(", ", shape)}]");
        var p = tensor(value.Data, shape).requires_grad_(true);
        _parameters.Add((name, p));
        _adam.Add(p, tensor(m.Data, shape), tensor(v.Data, shape));
        return p;
    }

    public StepStats Step(ReadOnlySpan<float> batch, int batchSize, StepControls controls)
    {
        int dIn = Setup.DIn, dSae = Setup.DSae;
        if (batch.Length != (long)batchSize * dIn) throw new ArgumentException($"batch holds {batch.Length} values, not {batchSize}×{dIn}");
        using var scope = NewDisposeScope();
        // Scalars held in `using` locals, not implicit temporaries: a temporary's finalizer may free
        // it while libtorch still reads it (Scalar's handle is a raw IntPtr).
        using var zero = 0.ToScalar();
        using var two = 2.ToScalar();
        using var sparsityCoefficient = controls.SparsityCoefficient.ToScalar();
        var x = tensor(batch.ToArray(), [batchSize, dIn]);
        var input = Setup.ApplyBDecToInput ? x - _bDec : x;
        var pre = input.matmul(_wEnc).Plus(_bEnc);

        Tensor acts;
        Tensor sparsity = zeros(1);
        // Which latents fired: from the selected indices where there are any (cheap), else from acts.
        Tensor? firedLatents = null;
        Tensor? keptValues = null;
        switch (Setup.Architecture)
        {
            case SaeArchitecture.Standard:
                acts = pre.relu();
                // SAELens "standard": L1 of the activations weighted by decoder row norms.
                sparsity = (acts * _wDec.norm(1, keepdim: false, p: 2)).sum(-1).mean().mul(sparsityCoefficient);
                break;
            case SaeArchitecture.TopK:
            {
                var (values, indices) = pre.topk(Setup.K, dim: -1, largest: true, sorted: false);
                acts = zeros_like(pre).scatter_(-1, indices, values.relu());
                firedLatents = indices.masked_select(values.detach().gt(zero));
                break;
            }
            case SaeArchitecture.BatchTopK:
            {
                var flat = pre.relu().flatten();
                var (values, indices) = flat.topk((int)Math.Min((long)Setup.K * batchSize, flat.shape[0]), sorted: false);
                acts = zeros_like(flat).scatter(0, indices, values).view(batchSize, dSae);
                firedLatents = indices.masked_select(values.detach().gt(zero)).remainder(dSae);
                keptValues = values.detach();
                break;
            }
            case SaeArchitecture.JumpReLU:
            {
                var threshold = _logThreshold!.exp();
                acts = JumpReluSte.JumpReLU(pre, threshold, Setup.JumpReluBandwidth);
                sparsity = JumpReluSte.Step(pre, threshold, Setup.JumpReluBandwidth).sum(-1).mean().mul(sparsityCoefficient);
                break;
            }
            default:
                throw new InvalidOperationException($"no training rule for {Setup.Architecture}");
        }

        var recon = acts.matmul(_wDec).Plus(_bDec);
        var error = recon - x;
        var mse = error.pow(two).sum(-1).mean();
        var aux = Setup.UsesAuxK && controls.DeadLatents.Count > 0
            ? AuxK(x, recon, pre, controls.DeadLatents)
            : zeros(1);
        var loss = mse.Plus(sparsity).Plus(aux);
        loss.backward();

        bool unitNorm = Setup.Architecture.HasUnitNormDecoder();
        double gradNorm;
        using (no_grad())
        {
            if (unitNorm)
            {
                // Keep ‖W_dec[j]‖ = 1 to first order: drop the gradient along each row.
                var g = _wDec.grad!;
                g.sub_((g * _wDec).sum(1, keepdim: true) * _wDec);
            }
            if (CaptureGradients)
                CapturedGradients = _parameters.ToDictionary(p => p.Name, p => p.Tensor.grad!.data<float>().ToArray());
            var squares = _parameters.Select(p => p.Tensor.grad!.pow(two).sum()).ToList();
            gradNorm = Math.Sqrt(stack(squares).sum().item<float>());
        }
        float clip = Setup.MaxGradNorm > 0 ? (float)Math.Min(1.0, Setup.MaxGradNorm / (gradNorm + 1e-6)) : 1f;
        _adam.Update(controls.LearningRate, clip);

        using (no_grad())
        {
            if (unitNorm) _wDec.div_(_wDec.norm(1, keepdim: true, p: 2));
            foreach (var (_, p) in _parameters) p.grad!.zero_();
        }

        if (Setup.Architecture == SaeArchitecture.BatchTopK)
            UpdateBatchThreshold(keptValues!);
        var firedCounts = firedLatents is not null
            ? firedLatents.bincount(null, dSae)
            : acts.detach().gt(zero).to_type(ScalarType.Float32).sum(0L);
        var fired = firedCounts.to_type(ScalarType.Int32).data<int>().ToArray();
        return new StepStats(
            loss.item<float>(), mse.item<float>(), sparsity.sum().item<float>(), aux.sum().item<float>(),
            mse.item<float>() * (double)batchSize, fired.Sum(f => (long)f), fired, gradNorm);
    }

    /// <summary>AuxK (SAELens/sparsify): the top-k_aux dead latents' pre-activations reconstruct the residual x − x̂.</summary>
    Tensor AuxK(Tensor x, Tensor recon, Tensor pre, IReadOnlyList<int> dead)
    {
        int kAux = Setup.EffectiveKAux;
        float scale = Math.Min(dead.Count / (float)kAux, 1f);
        int take = Math.Min(kAux, dead.Count);
        var residual = (x - recon).detach();
        var isDead = new bool[Setup.DSae];
        foreach (int j in dead) isDead[j] = true;
        var deadMask = tensor(isDead);
        var candidates = where(deadMask.unsqueeze(0), pre, tensor(float.NegativeInfinity));
        var (values, indices) = candidates.topk(take, sorted: false);
        var auxActs = zeros_like(pre).scatter(-1, indices, values);
        var auxRecon = auxActs.matmul(_wDec).Plus(_bDec);
        using var two = 2.ToScalar();
        using var coefficient = (Setup.AuxCoefficient * scale).ToScalar();
        return (auxRecon - residual).pow(two).sum(-1).mean().mul(coefficient);
    }

    /// <summary>BatchTopK's inference threshold: a running average of each batch's smallest kept activation (SAELens, rate 0.01).</summary>
    void UpdateBatchThreshold(Tensor kept)
    {
        using var zero = 0.ToScalar();
        var positive = kept.masked_select(kept.gt(zero));
        if (positive.numel() == 0) return;
        float smallest = positive.min().item<float>();
        float rate = Setup.BatchTopKThresholdRate;
        _batchThreshold = (1 - rate) * _batchThreshold + rate * smallest;
    }

    public SaeTrainingState ExportState()
    {
        var state = new SaeTrainingState { AdamStep = _adam.Step, BatchTopKThreshold = _batchThreshold };
        for (int i = 0; i < _parameters.Count; i++)
        {
            var (name, p) = _parameters[i];
            var (m, v) = _adam.Moments(i);
            var shape = p.shape.ToArray();
            state.Tensors[name] = new StateTensor(shape, p.detach().data<float>().ToArray());
            state.Tensors[SaeTrainingState.MomentName(name)] = new StateTensor(shape, m.data<float>().ToArray());
            state.Tensors[SaeTrainingState.SecondMomentName(name)] = new StateTensor(shape, v.data<float>().ToArray());
        }
        return state;
    }

    public SaeParameters CurrentParameters()
    {
        float[] Read(Tensor t) => t.detach().data<float>().ToArray();
        float[]? threshold = Setup.Architecture switch
        {
            SaeArchitecture.JumpReLU => Read(_logThreshold!.detach().exp()),
            SaeArchitecture.BatchTopK => Enumerable.Repeat(_batchThreshold, Setup.DSae).ToArray(),
            _ => null,
        };
        return new SaeParameters(Setup.DIn, Setup.DSae, Read(_wEnc), Read(_bEnc), Read(_wDec), Read(_bDec), threshold);
    }

    public void Dispose()
    {
        foreach (var (_, p) in _parameters) p.Dispose();
        _adam.Dispose();
    }
}
