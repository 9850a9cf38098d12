namespace ShoggothLens.Sae.Metrics;

/// <summary>
/// Sums, in double precision, what <see cref="SaeMetrics"/> needs over a window of batches:
/// Σx and Σ‖x‖² (for the variance of x), Σ‖x − x̂‖², Σ active latents, and each latent's firing count.
/// </summary>
public sealed class MetricsAccumulator
{
    readonly double[] _sum;
    readonly long[] _fired;
    double _sumSq, _squaredError;
    long _active;

    public MetricsAccumulator(int dIn, int dSae)
    {
        _sum = new double[dIn];
        _fired = new long[dSae];
    }

    public long Tokens { get; private set; }
    public int DIn => _sum.Length;

    /// <summary>Adds a batch: its inputs, Σ‖x − x̂‖² over it, Σ active latents, per-latent firing counts.</summary>
    public void Add(ReadOnlySpan<float> inputs, double squaredError, long activeLatents, ReadOnlySpan<int> firedTokens)
    {
        int dIn = _sum.Length, rows = inputs.Length / dIn;
        for (int b = 0; b < rows; b++)
        {
            var row = inputs.Slice(b * dIn, dIn);
            for (int i = 0; i < dIn; i++)
            {
                _sum[i] += row[i];
                _sumSq += (double)row[i] * row[i];
            }
        }
        _squaredError += squaredError;
        _active += activeLatents;
        for (int j = 0; j < _fired.Length; j++) _fired[j] += firedTokens[j];
        Tokens += rows;
    }

    /// <summary>
    /// The window's metrics. <paramref name="scale"/>: inputs were multiplied by it (MSE is reported
    /// in raw units); <paramref name="deadFraction"/>: from a dead-latent tracker, or null to count
    /// latents that never fired in this window.
    /// </summary>
    public SaeMetrics Compute(float scale = 1f, double? deadFraction = null, CeLossRecovered? ce = null)
    {
        long n = Math.Max(Tokens, 1);
        double meanSqNorm = 0;
        foreach (double s in _sum) meanSqNorm += s * s;
        double variance = _sumSq - meanSqNorm / n;
        double fve = variance > 0 ? 1 - _squaredError / variance : double.NaN;
        double mse = _squaredError / ((double)n * DIn) / ((double)scale * scale);
        int dense = _fired.Count(f => f > 0.1 * Tokens);
        double dead = deadFraction ?? _fired.Count(f => f == 0) / (double)_fired.Length;
        return new SaeMetrics(Tokens, _active / (double)n, mse, fve, dead, dense / (double)_fired.Length, ce);
    }

    public void Reset()
    {
        Array.Clear(_sum);
        Array.Clear(_fired);
        _sumSq = _squaredError = 0;
        _active = 0;
        Tokens = 0;
    }
}
