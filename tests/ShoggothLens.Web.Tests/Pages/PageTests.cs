using Microsoft.Extensions.DependencyInjection;
using ShoggothLens.TestKit.WebCatalogs;
using ShoggothLens.Web.Components.Pages;
using ShoggothLens.Web.Services;
using ShoggothLens.Workbench.Browse;

namespace ShoggothLens.Web.Tests.Pages;

public sealed class PageTests(SyntheticCatalogFixture fixture) : IClassFixture<SyntheticCatalogFixture>
{
    const string Id = "organism-run";

    BunitContext Context(ReviewStatusSource? reviews = null) =>
        WebTestContext.Create(new CatalogLibrary(new CatalogLibraryOptions([fixture.Directory], null)), reviews);

    static IReadOnlyList<int> GridFeatures(IRenderedComponent<Features> cut) =>
        cut.FindAll("a[data-feature]").Select(a => int.Parse(a.GetAttribute("data-feature")!)).ToList();

    int[] Ids(string cls) => Enumerable.Range(0, fixture.Options.Features).Where(f => SyntheticCatalog.ClassOf(f, fixture.Options) == cls).ToArray();

    [Fact]
    public void Overview_counts_the_classes_and_lists_top_candidates()
    {
        using var ctx = Context();
        var cut = ctx.Render<Home>();
        cut.WaitForElement("[data-summary]");
        Assert.Equal(Ids("candidate").Length.ToString(), cut.Find("[data-candidate-count]").TextContent);
        var rows = cut.FindAll("[data-top-candidates] tbody tr");
        Assert.Equal(Math.Min(8, Ids("candidate").Length), rows.Count);
        Assert.NotNull(cut.Find("[data-model-diff]"));
    }

    [Fact]
    public void Overview_of_a_catalog_without_candidates_says_so()
    {
        string dir = Path.Combine(fixture.Root, "no-candidates");
        SyntheticCatalog.Write(dir, new SyntheticCatalogOptions(Features: 20, CandidateEvery: 0, WithModelDiff: false));
        using var ctx = WebTestContext.Create(dir);
        var cut = ctx.Render<Home>();
        cut.WaitForElement("[data-summary]");
        Assert.Equal("0", cut.Find("[data-candidate-count]").TextContent);
        Assert.Contains("No feature of this catalog is a hidden-motive candidate", cut.Markup);
        Assert.Empty(cut.FindAll("[data-model-diff]"));
    }

    [Fact]
    public void No_catalogs_found_explains_how_to_make_one()
    {
        using var ctx = WebTestContext.Create(new CatalogLibrary(new CatalogLibraryOptions([], Path.Combine(fixture.Root, "nothing-here"))));
        var cut = ctx.Render<Home>();
        Assert.Contains("No catalogs found", cut.Markup);
        Assert.Contains("shoggoth demo", cut.Markup);
    }

    [Fact]
    public void Unknown_catalog_id_is_an_error_page_not_a_path()
    {
        using var ctx = Context();
        ctx.Navigate("features?catalog=..%2F..%2Fetc");
        var cut = ctx.Render<Features>();
        Assert.Contains("Unknown catalog", cut.Markup);
        Assert.Empty(cut.FindAll("[data-feature-grid]"));
    }

    [Fact]
    public void Grid_filters_by_class_from_the_url()
    {
        using var ctx = Context();
        ctx.Navigate("features?class=candidate&sort=id&dir=asc");
        var cut = ctx.Render<Features>();
        cut.WaitForElement("[data-feature-grid]");
        Assert.Equal(Ids("candidate"), GridFeatures(cut));
        Assert.Contains($"{Ids("candidate").Length} of {fixture.Options.Features} features", cut.Find("[data-result-count]").TextContent);
    }

    [Fact]
    public void Grid_sorts_by_a_clicked_column_and_puts_it_in_the_url()
    {
        using var ctx = Context();
        ctx.Navigate("features?class=persona-aligned");
        var cut = ctx.Render<Features>();
        cut.WaitForElement("[data-feature-grid]");
        var nav = ctx.Services.GetRequiredService<Microsoft.AspNetCore.Components.NavigationManager>();
        // The grid renders again once its script module loads: click the header as it is when the click lands.
        void ClickFeatureHeader(string until) => cut.WaitForAssertion(() =>
        {
            if (!nav.Uri.Contains(until)) cut.FindAll("button.sort-head").First(b => b.TextContent.Trim().StartsWith("feature")).Click();
            Assert.Contains(until, nav.Uri);
        });
        ClickFeatureHeader("sort=id");
        Assert.True(nav.Uri.Contains("sort=id") && nav.Uri.Contains("class=persona-aligned"), nav.Uri);
        cut.WaitForAssertion(() => Assert.Equal(Ids("persona-aligned"), GridFeatures(cut)));
        // A second click on the same header reverses it, and the URL says so.
        ClickFeatureHeader("dir=desc");
        cut.WaitForAssertion(() => Assert.Equal(Ids("persona-aligned").Reverse(), GridFeatures(cut)));
    }

    [Fact]
    public void Grid_search_by_id_and_token()
    {
        using var ctx = Context();
        ctx.Navigate("features?q=%2314");
        var cut = ctx.Render<Features>();
        cut.WaitForElement("[data-feature-grid]");
        Assert.Equal([14], GridFeatures(cut));

        using var ctx2 = Context();
        ctx2.Navigate("features?q=onerror&sort=id&dir=asc");
        var cut2 = ctx2.Render<Features>();
        cut2.WaitForElement("[data-feature-grid]");
        var hostile = Enumerable.Range(0, fixture.Options.Features).Where(f => SyntheticCatalog.IsHostile(f, fixture.Options)).ToList();
        Assert.Equal(hostile, GridFeatures(cut2));
        // Top tokens in the grid are text, too.
        Assert.Empty(cut2.FindAll("[data-feature-grid] img"));
        Assert.Empty(cut2.FindAll("[data-feature-grid] script"));
    }

    [Fact]
    public void Grid_with_no_match_shows_the_empty_state()
    {
        using var ctx = Context();
        ctx.Navigate("features?q=zzzz-nothing");
        var cut = ctx.Render<Features>();
        cut.WaitForAssertion(() => Assert.Contains("No feature matches this view", cut.Markup));
    }

    [Fact]
    public void Grid_shows_review_status_and_filters_on_it_when_a_store_is_attached()
    {
        var reviews = new ReviewStatusSource
        {
            StatusesOf = id => id == Id ? new Dictionary<int, string> { [1] = "confirmed", [11] = "dismissed" } : new Dictionary<int, string>(),
            Statuses = ["open", "confirmed", "dismissed"],
        };
        using var ctx = Context(reviews);
        ctx.Navigate("features?status=confirmed");
        var cut = ctx.Render<Features>();
        cut.WaitForElement("[data-feature-grid]");
        Assert.Equal([1], GridFeatures(cut));
        Assert.Equal("confirmed", cut.Find(".review-status").TextContent);
        Assert.NotNull(cut.Find("[data-status-filter]"));
    }

    [Fact]
    public void Feature_page_shows_a_candidate_with_literal_hostile_tokens()
    {
        int f = Ids("candidate").First(x => SyntheticCatalog.IsHostile(x, fixture.Options) || true);
        int hostile = Enumerable.Range(0, fixture.Options.Features).First(x => SyntheticCatalog.IsHostile(x, fixture.Options) && SyntheticCatalog.ClassOf(x, fixture.Options) != "dead");
        using var ctx = Context();
        ctx.Navigate($"features/{hostile}");
        var cut = ctx.Render<Feature>(p => p.Add(x => x.Id, hostile));
        cut.WaitForElement("[data-contexts]");
        Assert.NotEmpty(cut.FindAll("[data-context]"));
        Assert.Empty(cut.FindAll("[data-contexts] script"));
        Assert.Empty(cut.FindAll("[data-contexts] img"));
        Assert.Contains(cut.FindAll("span.tok"), s => s.TextContent == "<script>alert('xss')</script>");
        Assert.Contains(cut.FindAll("span.tok"), s => s.TextContent == "<img src=x onerror=alert(1)>");

        using var ctx2 = Context();
        ctx2.Navigate($"features/{f}");
        var page = ctx2.Render<Feature>(p => p.Add(x => x.Id, f));
        page.WaitForElement("[data-scores]");
        Assert.Contains("rank", page.Find(".feature-head").TextContent);
        Assert.NotEmpty(page.FindAll("[data-leaks] tbody tr"));
        Assert.NotEmpty(page.FindAll("[data-neighbours] a[data-neighbour]"));
        Assert.NotEmpty(page.FindAll("[data-logits] rect.bar"));
        Assert.Equal(3, page.FindAll("[data-interval-tab]").Count);
        Assert.Contains("Wilson", page.Markup);
    }

    [Fact]
    public void Feature_page_tabs_switch_to_an_interval_group()
    {
        int f = Ids("persona-aligned")[0];
        using var ctx = Context();
        var cut = ctx.Render<Feature>(p => p.Add(x => x.Id, f));
        cut.WaitForElement("[data-contexts]");
        int top = cut.FindAll("[data-context]").Count;
        Assert.Equal(fixture.Options.Contexts, top);
        cut.FindAll("[data-interval-tab]")[1].Click();
        cut.WaitForAssertion(() => Assert.Equal(2, cut.FindAll("[data-context]").Count), TimeSpan.FromSeconds(5));
        Assert.Contains("on", cut.FindAll("[data-interval-tab]")[1].ClassList);
    }

    [Fact]
    public void Previous_and_next_follow_the_grid_view()
    {
        var candidates = Ids("candidate");
        using var ctx = Context();
        ctx.Navigate($"features/{candidates[1]}?class=candidate&sort=id&dir=asc");
        var cut = ctx.Render<Feature>(p => p.Add(x => x.Id, candidates[1]));
        cut.WaitForElement("[data-key-prev]");
        Assert.StartsWith($"features/{candidates[0]}?", cut.Find("[data-key-prev]").GetAttribute("href"));
        Assert.StartsWith($"features/{candidates[2]}?", cut.Find("[data-key-next]").GetAttribute("href"));
        Assert.Contains("class=candidate", cut.Find("[data-key-next]").GetAttribute("href"));
    }

    [Fact]
    public void A_dead_feature_and_a_missing_feature_have_their_own_states()
    {
        int dead = Ids("dead")[0];
        using var ctx = Context();
        var cut = ctx.Render<Feature>(p => p.Add(x => x.Id, dead));
        cut.WaitForAssertion(() => Assert.Contains("A dead feature", cut.Markup));
        Assert.Empty(cut.FindAll("[data-contexts]"));

        using var ctx2 = Context();
        var missing = ctx2.Render<Feature>(p => p.Add(x => x.Id, 99999));
        missing.WaitForAssertion(() => Assert.Contains("No feature #99999", missing.Markup));
    }

    [Fact]
    public void Feature_page_hosts_the_review_panel_when_one_is_registered()
    {
        var reviews = new ReviewStatusSource { StatusesOf = _ => new Dictionary<int, string>(), Panel = typeof(ProbePanel) };
        using var ctx = Context(reviews);
        var cut = ctx.Render<Feature>(p => p.Add(x => x.Id, 1));
        cut.WaitForElement("[data-review-panel]");
        Assert.Equal($"{Id}:1", cut.Find("[data-probe]").TextContent);
    }

    [Fact]
    public void Compare_plots_every_live_feature_and_highlights_candidates()
    {
        using var ctx = Context();
        var cut = ctx.Render<Compare>();
        cut.WaitForElement("[data-scatter]");
        int live = fixture.Options.Features - Ids("dead").Length;
        Assert.Equal(live, cut.FindAll("[data-scatter] a[data-point]").Count);
        Assert.Equal(Ids("candidate").Length, cut.FindAll("[data-scatter] circle.candidate").Count);
        Assert.Contains("the Assistant's own", cut.Markup);
        Assert.NotEmpty(cut.FindAll("[data-aligned-list] tbody tr"));
        Assert.NotEmpty(cut.FindAll("[data-outside-list] tbody tr"));
        Assert.NotEmpty(cut.FindAll("[data-model-diff] tbody tr"));
    }

    [Fact]
    public void Personas_lists_the_persona_vectors()
    {
        using var ctx = Context();
        var cut = ctx.Render<Personas>();
        cut.WaitForElement("[data-persona-vectors] table");
        // One row per persona plus Narration.
        Assert.Equal(fixture.Options.PersonaNames.Count + 1, cut.FindAll("[data-persona-vectors] tbody tr").Count);
        Assert.NotNull(cut.Find("[data-persona-graph]"));
    }

    [Fact]
    public void Persona_graph_ties_each_candidate_to_its_home_persona()
    {
        using var catalog = ShoggothLens.Core.Catalog.FeatureCatalog.Open(fixture.Directory);
        var index = FeatureSummaryIndex.Build(catalog, CatalogCandidates.Load(new ShoggothLens.Core.Catalog.CatalogFolder(fixture.Directory)).Set);
        var graph = PersonaGraph.Build(index);
        Assert.Equal(fixture.Options.PersonaNames.Order(), graph.Personas.Select(p => p.Persona).Order());
        Assert.Equal(index.Candidates.Order(), graph.Personas.SelectMany(p => p.Candidates).Select(c => c.Feature).Order());
        Assert.All(graph.Personas, p => Assert.All(p.Candidates, c => Assert.Equal(p.Persona, c.HomePersona)));
        Assert.All(graph.Personas, p => Assert.All(p.Strongest, c => Assert.Equal(FeatureClass.OutsideRole, c.Class)));
    }
}
