using ShoggothLens.Web.Components.Charts;

namespace ShoggothLens.Web.Tests.Components;

public sealed class HistogramTests
{
    [Fact]
    public void Geometry_scales_bars_to_the_largest_count_and_skips_empty_bins()
    {
        var g = new HistogramGeometry([10, 0, 5, 20], binStart: 0, binWidth: 0.5, width: 400, height: 100, logScale: false);
        Assert.Equal(3, g.Bars.Count);
        Assert.Equal([0, 2, 3], g.Bars.Select(b => b.Bin));
        Assert.Equal(50, g.Bars[0].Height, 9);
        Assert.Equal(25, g.Bars[1].Height, 9);
        Assert.Equal(100, g.Bars[2].Height, 9);
        Assert.Equal(0, g.Bars[2].Y, 9);
        Assert.Equal(200, g.Bars[1].X, 9);
        Assert.Equal((1.0, 1.5), (g.Bars[1].Start, g.Bars[1].End));
        Assert.Equal(2.0, g.End);
    }

    [Fact]
    public void Log_scale_keeps_a_long_tail_visible()
    {
        var linear = new HistogramGeometry([10000, 1], 0, 1, 100, 100, logScale: false);
        var log = new HistogramGeometry([10000, 1], 0, 1, 100, 100, logScale: true);
        Assert.True(linear.Bars[1].Height < 0.02);
        Assert.Equal(Math.Log(2) / Math.Log(10001) * 100, log.Bars[1].Height, 9);
    }

    [Fact]
    public void Renders_one_bar_per_nonzero_bin_with_its_range_and_count()
    {
        using var ctx = new BunitContext();
        var cut = ctx.Render<Histogram>(p => p
            .Add(h => h.Counts, new long[] { 3, 0, 7, 1 })
            .Add(h => h.BinStart, -1.0)
            .Add(h => h.BinWidth, 0.5)
            .Add(h => h.SignedColours, true));
        var bars = cut.FindAll("rect.bar");
        Assert.Equal(3, bars.Count);
        Assert.Single(cut.FindAll("rect.bar.neg"));   // only [-1, -0.5) lies below zero ([-0.5, 0) is empty)
        Assert.Contains("[0, 0.5): 7", cut.FindAll("rect.bar title").Select(t => t.TextContent));
        Assert.Contains(cut.FindAll("text"), t => t.TextContent == "7");   // the y-axis maximum
    }

    [Fact]
    public void An_empty_histogram_says_so()
    {
        using var ctx = new BunitContext();
        var cut = ctx.Render<Histogram>(p => p.Add(h => h.Counts, new long[] { 0, 0 }).Add(h => h.EmptyText, "Nothing fired."));
        Assert.Empty(cut.FindAll("svg"));
        Assert.Equal("Nothing fired.", cut.Find("p.empty-inline").TextContent);
    }
}
