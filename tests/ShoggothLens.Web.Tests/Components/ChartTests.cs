using ShoggothLens.Core.Analysis;
using ShoggothLens.Web.Components.Charts;
using ShoggothLens.Web.Components.Personas;

namespace ShoggothLens.Web.Tests.Components;

public sealed class ChartTests
{
    [Fact]
    public void Log_scale_spans_whole_decades_and_puts_zero_on_the_axis()
    {
        var s = new LogScale([0.002, 0.3, 0], 300);
        Assert.Equal(-3, s.MinDecade);
        Assert.Equal(0, s.MaxDecade);
        Assert.Equal(0, s.Map(0));
        Assert.Equal(0, s.Map(0.001), 9);
        Assert.Equal(100, s.Map(0.01), 9);
        Assert.Equal(300, s.Map(1), 9);
        Assert.Equal(4, s.Ticks().Count());
    }

    [Fact]
    public void Neighbourhood_graph_links_every_neighbour_once()
    {
        using var ctx = new BunitContext();
        var cut = ctx.Render<NeighbourhoodGraph>(p => p
            .Add(g => g.Feature, 5)
            .Add(g => g.Catalog, "run")
            .Add(g => g.Decoder, new[] { new FeatureLink(6, 0.9), new FeatureLink(7, 0.5) })
            .Add(g => g.CoActivating, new[] { new FeatureLink(7, 0.4), new FeatureLink(9, 0.3) }));
        var links = cut.FindAll("a[data-neighbour]");
        Assert.Equal(["6", "7", "9"], links.Select(a => a.GetAttribute("data-neighbour")));
        Assert.Equal("features/9?catalog=run", links[2].GetAttribute("href"));
    }

    [Fact]
    public void Radial_layout_puts_the_assistant_in_the_middle_and_personas_on_a_circle()
    {
        var layout = new RadialLayout(500, 300, 200);
        Assert.Equal(new Placement(500, 300), layout.Centre);
        for (int i = 0; i < 5; i++)
        {
            var p = layout.Persona(i, 5);
            Assert.Equal(200, Math.Sqrt((p.X - 500) * (p.X - 500) + (p.Y - 300) * (p.Y - 300)), 6);
            var c = layout.Candidate(i, 5, 0, 1);
            double rc = Math.Sqrt((c.X - 500) * (c.X - 500) + (c.Y - 300) * (c.Y - 300));
            Assert.InRange(rc, 50, 199);   // between the persona and the Assistant
            var f = layout.PersonaFeature(i, 5, 0, 3);
            Assert.True(Math.Sqrt((f.X - 500) * (f.X - 500) + (f.Y - 300) * (f.Y - 300)) > 200);
        }
        Assert.Equal(300 - 200, layout.Persona(0, 4).Y, 6);   // the first persona is straight up
    }
}
