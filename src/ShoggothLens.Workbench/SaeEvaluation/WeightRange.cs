namespace ShoggothLens.Workbench.SaeEvaluation;

/// <summary>Minimum, mean and maximum of a set of per-latent figures (decoder norms, thresholds).</summary>
public readonly record struct WeightRange(double Min, double Mean, double Max)
{
    public static WeightRange Of(IReadOnlyCollection<double> values) => new(values.Min(), values.Average(), values.Max());
}
