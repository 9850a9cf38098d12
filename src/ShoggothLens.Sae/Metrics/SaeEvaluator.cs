using ShoggothLens.Sae.Architectures;
using TorchSharp;
using static TorchSharp.torch;

namespace ShoggothLens.Sae.Metrics;

/// <summary>
/// Runs an SAE over batches of raw activations and accumulates its metrics (L0, MSE, fraction of
/// variance explained, latents that never fired, latents firing on more than 10% of tokens).
/// </summary>
public sealed class SaeEvaluator(SparseAutoencoder sae)
{
    readonly MetricsAccumulator _metrics = new(sae.Config.DIn, sae.Config.DSae);

    public long Tokens => _metrics.Tokens;

    public void Add(ReadOnlySpan<float> rows)
    {
        int dIn = sae.Config.DIn, count = rows.Length / dIn;
        if (count == 0) return;
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var x = tensor(rows.ToArray(), [count, dIn]);
        var acts = sae.Encode(x);
        var recon = sae.Decode(acts);
        using var two = 2.ToScalar(); // held, not implicit temporaries a finalizer can free mid-call
        using var zero = 0.ToScalar();
        double squaredError = (recon - x).pow(two).sum().to_type(ScalarType.Float64).item<double>();
        var fired = acts.gt(zero).sum(0L).to_type(ScalarType.Int32).data<int>().ToArray();
        _metrics.Add(rows, squaredError, fired.Sum(f => (long)f), fired);
    }

    public SaeMetrics Result(CeLossRecovered? ce = null) => _metrics.Compute(ce: ce);
}
