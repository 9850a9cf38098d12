namespace ShoggothLens.Web.Components.Charts;

/// <summary>One bar of a histogram: its bin, its rectangle in chart units, and its hover text.</summary>
public readonly record struct HistogramBar(int Bin, double Start, double End, long Count, double X, double Y, double Width, double Height);

/// <summary>
/// Lays out a histogram of fixed-width bins in a <see cref="Width"/> × <see cref="Height"/> plot area: bar heights
/// proportional to the count (or to log(1 + count), which keeps a long tail visible), empty bins drawn as nothing.
/// </summary>
public sealed class HistogramGeometry
{
    public HistogramGeometry(IReadOnlyList<long> counts, double binStart, double binWidth, double width, double height, bool logScale)
    {
        Width = width;
        Height = height;
        LogScale = logScale;
        MaxCount = counts.Count == 0 ? 0 : counts.Max();
        double Scale(long c) => logScale ? Math.Log(1 + c) : c;
        double top = Scale(MaxCount);
        double w = counts.Count == 0 ? 0 : width / counts.Count;
        var bars = new List<HistogramBar>();
        for (int i = 0; i < counts.Count; i++)
        {
            if (counts[i] <= 0) continue;
            double h = top <= 0 ? 0 : Scale(counts[i]) / top * height;
            bars.Add(new HistogramBar(i, binStart + i * binWidth, binStart + (i + 1) * binWidth, counts[i], i * w, height - h, Math.Max(w - 1, 0.5), h));
        }
        Bars = bars;
        Start = binStart;
        End = binStart + counts.Count * binWidth;
    }

    public double Width { get; }
    public double Height { get; }
    public bool LogScale { get; }
    public long MaxCount { get; }
    public double Start { get; }
    public double End { get; }
    public IReadOnlyList<HistogramBar> Bars { get; }
    public bool IsEmpty => Bars.Count == 0;
}
