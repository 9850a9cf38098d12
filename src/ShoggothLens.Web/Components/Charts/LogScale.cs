namespace ShoggothLens.Web.Components.Charts;

/// <summary>
/// A log₁₀ axis over [Min, Max] (whole decades) mapped onto [0, Length]. Zero and values below Min are drawn at Min,
/// so features that never fire in a role sit on the axis instead of vanishing.
/// </summary>
public sealed class LogScale
{
    public LogScale(IEnumerable<double> values, double length, double max = 1)
    {
        double minPositive = values.Where(v => v > 0 && double.IsFinite(v)).DefaultIfEmpty(1e-4).Min();
        MinDecade = (int)Math.Floor(Math.Log10(minPositive));
        MaxDecade = (int)Math.Ceiling(Math.Log10(max));
        if (MaxDecade <= MinDecade) MaxDecade = MinDecade + 1;
        Length = length;
    }

    public int MinDecade { get; }
    public int MaxDecade { get; }
    public double Length { get; }
    public double Min => Math.Pow(10, MinDecade);

    public double Map(double v)
    {
        double l = v > 0 && double.IsFinite(v) ? Math.Log10(v) : MinDecade;
        l = Math.Clamp(l, MinDecade, MaxDecade);
        return (l - MinDecade) / (MaxDecade - MinDecade) * Length;
    }

    public IEnumerable<(double Value, double Position)> Ticks() =>
        Enumerable.Range(MinDecade, MaxDecade - MinDecade + 1).Select(d => (Math.Pow(10, d), Map(Math.Pow(10, d))));
}
