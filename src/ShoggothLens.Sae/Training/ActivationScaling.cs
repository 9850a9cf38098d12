namespace ShoggothLens.Sae.Training;

/// <summary>
/// The input scaling the trainer applies: activations are multiplied by s so that their mean
/// squared norm is d_in (one learning rate and sparsity coefficient then suit every model and
/// layer). The saved SAE takes raw activations: s is folded into its weights
/// (<see cref="Architectures.SaeParameters.FoldInputScale"/>).
/// </summary>
public static class ActivationScaling
{
    /// <summary>s = √(d_in / mean ‖x‖²) over <paramref name="rows"/>.</summary>
    public static float Estimate(ReadOnlySpan<float> rows, int dIn)
    {
        int count = rows.Length / dIn;
        if (count == 0) throw new ArgumentException("no rows to estimate the scaling from");
        double sumSq = 0;
        foreach (float v in rows) sumSq += (double)v * v;
        double meanSq = sumSq / count;
        if (!(meanSq > 0) || !double.IsFinite(meanSq))
            throw new InvalidDataException($"activations have mean squared norm {meanSq}; cannot normalise them");
        return (float)Math.Sqrt(dIn / meanSq);
    }

    public static void Apply(Span<float> rows, float scale)
    {
        if (scale == 1f) return;
        for (int i = 0; i < rows.Length; i++) rows[i] *= scale;
    }
}
