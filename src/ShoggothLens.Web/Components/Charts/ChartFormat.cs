using System.Globalization;

namespace ShoggothLens.Web.Components.Charts;

/// <summary>Numbers as the charts and tables print them: invariant culture, short.</summary>
public static class ChartFormat
{
    public static string N(double v, int digits = 3)
    {
        if (double.IsNaN(v)) return "–";
        if (v == 0) return "0";
        double a = Math.Abs(v);
        if (a >= 1e5 || a < 1e-3) return v.ToString("0.##e0", CultureInfo.InvariantCulture);
        return Math.Round(v, digits).ToString("0." + new string('#', Math.Max(1, digits)), CultureInfo.InvariantCulture);
    }

    /// <summary>A catalog parameter that is a number, shortened (τ = ln 4 prints as 1.386); other text as it is.</summary>
    public static string Param(string text) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double v) ? N(v, 4) : text;

    /// <summary>An SVG coordinate (invariant, 2 decimals).</summary>
    public static string C(double v) => v.ToString("0.##", CultureInfo.InvariantCulture);

    public static string Pct(double v) => (v * 100).ToString(v < 0.001 && v > 0 ? "0.####" : "0.##", CultureInfo.InvariantCulture) + "%";

    public static string Count(long v) => v.ToString("N0", CultureInfo.InvariantCulture);
}
