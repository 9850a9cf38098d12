using System.Globalization;
using System.Text;

namespace ShoggothLens.Web.Components.Charts;

/// <summary>
/// The features a scatter does not draw one by one, as a density: the plot is cut into square cells, each cell's
/// features are counted, and the cells are drawn as one SVG path per shade (a handful of elements, whatever the
/// number of features), darker where more features sit.
/// </summary>
public static class ScatterDensity
{
    /// <summary>One shade: its opacity, the cells drawn in it (path data) and how many cells and features it holds.</summary>
    public sealed record Shade(double Opacity, string Path, int Cells, int Features, int MinCount, int MaxCount);

    public static IReadOnlyList<Shade> Shades(IEnumerable<(double X, double Y)> points, double cell, int shades = 5)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(cell);
        var counts = new Dictionary<(int, int), int>();
        foreach (var (x, y) in points)
        {
            var key = ((int)Math.Floor(x / cell), (int)Math.Floor(y / cell));
            counts[key] = counts.GetValueOrDefault(key) + 1;
        }
        if (counts.Count == 0) return [];
        // Shades on a log scale of the count: a cell of 1 feature is visible, a cell of 1,000 is darkest.
        double top = Math.Log(counts.Values.Max() + 1);
        int Level(int n) => top <= Math.Log(2) ? 0 : Math.Min(shades - 1, (int)((Math.Log(n + 1) - Math.Log(2)) / (top - Math.Log(2)) * shades));
        var result = new List<Shade>();
        foreach (var group in counts.GroupBy(kv => Level(kv.Value)).OrderBy(g => g.Key))
        {
            var path = new StringBuilder();
            foreach (var ((cx, cy), _) in group.OrderBy(kv => kv.Key.Item2).ThenBy(kv => kv.Key.Item1))
                path.Append(CultureInfo.InvariantCulture, $"M{ChartFormat.C(cx * cell)} {ChartFormat.C(cy * cell)}h{ChartFormat.C(cell)}v{ChartFormat.C(cell)}h-{ChartFormat.C(cell)}z");
            double opacity = 0.12 + 0.58 * (group.Key + 1) / shades;
            result.Add(new Shade(Math.Round(opacity, 2), path.ToString(), group.Count(), group.Sum(kv => kv.Value), group.Min(kv => kv.Value), group.Max(kv => kv.Value)));
        }
        return result;
    }
}
