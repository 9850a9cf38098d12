using ShoggothLens.Core.Files;
using System.Globalization;
using System.Text;
using ShoggothLens.Core.Formats;

namespace ShoggothLens.Organism.Training;

/// <summary>A stage's loss curve beside its checkpoint: <c>loss_curve.csv</c> (step, tokens, loss, lr) and <c>loss_curve.svg</c>, a plot.</summary>
public static class LossCurveFiles
{
    public const string CsvName = "loss_curve.csv";
    public const string SvgName = "loss_curve.svg";

    public static void Write(string directory, string title, IReadOnlyList<LossPoint> curve)
    {
        var csv = new StringBuilder("step,tokens,loss,learning_rate\n");
        foreach (var p in curve)
            csv.Append(CultureInfo.InvariantCulture, $"{p.Step},{p.Tokens},{p.Loss:R},{p.LearningRate:R}\n");
        AtomicFile.WriteAllText(Path.Combine(directory, CsvName), csv.ToString());
        AtomicFile.WriteAllText(Path.Combine(directory, SvgName), Svg(title, curve));
    }

    public static IReadOnlyList<LossPoint> Read(string path)
    {
        var points = new List<LossPoint>();
        foreach (var line in File.ReadLines(path).Skip(1))
        {
            var f = line.Split(',');
            if (f.Length != 4) continue;
            points.Add(new LossPoint(int.Parse(f[0], CultureInfo.InvariantCulture), long.Parse(f[1], CultureInfo.InvariantCulture),
                double.Parse(f[2], CultureInfo.InvariantCulture), double.Parse(f[3], CultureInfo.InvariantCulture)));
        }
        return points;
    }

    /// <summary>A plain SVG line chart of loss against step (log-free, with the loss axis from 0 to the maximum).</summary>
    public static string Svg(string title, IReadOnlyList<LossPoint> curve)
    {
        const int width = 640, height = 360, left = 56, right = 16, top = 32, bottom = 40;
        double maxLoss = curve.Count == 0 ? 1 : Math.Ceiling(curve.Max(p => p.Loss));
        int maxStep = Math.Max(1, curve.Count == 0 ? 1 : curve[^1].Step);
        double X(int step) => left + (width - left - right) * (double)step / maxStep;
        double Y(double loss) => top + (height - top - bottom) * (1 - loss / maxLoss);
        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture, $"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{width}\" height=\"{height}\" font-family=\"sans-serif\" font-size=\"12\">\n");
        svg.Append(CultureInfo.InvariantCulture, $"<rect width=\"{width}\" height=\"{height}\" fill=\"white\"/>\n");
        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{left}\" y=\"20\" font-size=\"14\">{System.Security.SecurityElement.Escape(title)}</text>\n");
        for (int i = 0; i <= 4; i++)
        {
            double loss = maxLoss * i / 4;
            svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{left}\" x2=\"{width - right}\" y1=\"{Y(loss):F1}\" y2=\"{Y(loss):F1}\" stroke=\"#ddd\"/>");
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{left - 6}\" y=\"{Y(loss) + 4:F1}\" text-anchor=\"end\">{loss:0.##}</text>\n");
        }
        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{(left + width - right) / 2}\" y=\"{height - 8}\" text-anchor=\"middle\">step (last: {maxStep}, final loss {(curve.Count == 0 ? 0 : curve[^1].Loss):F3})</text>\n");
        svg.Append("<polyline fill=\"none\" stroke=\"#c0392b\" stroke-width=\"1.5\" points=\"");
        foreach (var p in curve) svg.Append(CultureInfo.InvariantCulture, $"{X(p.Step):F1},{Y(p.Loss):F1} ");
        svg.Append("\"/>\n</svg>\n");
        return svg.ToString();
    }
}
