using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.Extensions.DependencyInjection;
using ShoggothLens.TestKit.WebCatalogs;
using ShoggothLens.Web.Components.Review;
using ShoggothLens.Workbench.Browse;
using ShoggothLens.Workbench.Review;

namespace ShoggothLens.Web.Tests.Review;

/// <summary>The review queue renders one page of candidates at a time; page and status filter come from the URL.</summary>
public sealed class ReviewQueuePagingTests : IDisposable
{
    // 1,200 features, every tenth a candidate (f % 10 == 1): 120 candidates, three pages of 50.
    readonly string _root = Directory.CreateTempSubdirectory("shoggoth-queue-paging-").FullName;
    readonly CatalogLibrary _library;
    readonly ReviewBoard _board;
    readonly List<BunitContext> _contexts = [];

    public ReviewQueuePagingTests()
    {
        SyntheticCatalog.Write(Path.Combine(_root, "paged"), new SyntheticCatalogOptions(Features: 1200, CandidateEvery: 10));
        _library = new CatalogLibrary(new CatalogLibraryOptions([Path.Combine(_root, "paged")], null));
        _board = new ReviewBoard(_library, new ReviewStores());
    }

    public void Dispose()
    {
        foreach (var c in _contexts) c.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { Directory.Delete(_root, recursive: true); } catch (IOException) { }
    }

    string Id => _library.Catalogs[0].Id;

    IRenderedComponent<ReviewQueueView> Render(int page, ReviewStatus? status)
    {
        var ctx = WebTestContext.Create(_library, register: c =>
        {
            var auth = c.AddAuthorization();
            auth.SetAuthorized("ada");
            auth.SetRoles("Reviewer");
            c.Services.AddSingleton(_board);
            c.Services.AddScoped<ReviewSession>();
        });
        _contexts.Add(ctx);
        var catalog = _library.OpenAsync(Id).GetAwaiter().GetResult();
        var cut = ctx.Render<ReviewQueueView>(p => p.Add(v => v.Catalog, catalog).Add(v => v.Page, page).Add(v => v.Status, status));
        cut.WaitForElement("[data-status='all']");
        return cut;
    }

    static IReadOnlyList<int> Features(IRenderedComponent<ReviewQueueView> cut) =>
        cut.FindAll("tr.queue-row").Select(r => int.Parse(r.GetAttribute("data-feature")!)).ToList();

    [Fact]
    public async Task A_page_renders_only_its_fifty_candidates_in_rank_order_and_links_its_neighbours()
    {
        var index = (await _library.OpenAsync(Id)).Index;
        Assert.Equal(120, index.Candidates.Count);

        var cut = Render(2, null);

        Assert.Equal(index.Candidates.Skip(50).Take(50), Features(cut));
        Assert.Equal(Enumerable.Range(51, 50).Select(r => r.ToString()), cut.FindAll("tr.queue-row td:first-child").Select(td => td.TextContent));
        Assert.Equal("51–100 of 120 · page 2 of 3", cut.Find("[data-page-position]").TextContent);
        Assert.Equal($"review?catalog={Id}", cut.Find("[data-page-prev]").GetAttribute("href"));
        Assert.Equal($"review?catalog={Id}&page=3", cut.Find("[data-page-next]").GetAttribute("href"));
    }

    [Fact]
    public void A_page_past_the_end_shows_the_last_page()
    {
        var cut = Render(99, null);
        Assert.Equal(20, Features(cut).Count);
        Assert.Equal("101–120 of 120 · page 3 of 3", cut.Find("[data-page-position]").TextContent);
        Assert.Contains("disabled", cut.Find("[data-page-next]").ClassName);
    }

    [Fact]
    public async Task The_status_filter_keeps_the_rank_and_counts_every_status()
    {
        var index = (await _library.OpenAsync(Id)).Index;
        int sixtieth = index.Candidates[59];
        await _board.StoreOf(Id).SaveAsync(_board.KeyOf(Id), sixtieth, 0,
            new ReviewEdit(ReviewStatus.Confirmed, ReviewSeverity.High, "ada", ""), new Reviewer("ada", true));

        var cut = Render(1, ReviewStatus.Confirmed);

        Assert.Equal([sixtieth], Features(cut));
        Assert.Equal("60", cut.Find("tr.queue-row td:first-child").TextContent);
        Assert.Empty(cut.FindAll("[data-pager]"));   // one page
        Assert.Contains("1", cut.Find("[data-status='confirmed']").TextContent);
        Assert.Contains("119", cut.Find("[data-status='open']").TextContent);
        Assert.Contains("on", cut.Find("[data-status='confirmed']").ClassName);
        Assert.Equal($"review?catalog={Id}&status=confirmed", cut.Find("[data-status='confirmed']").GetAttribute("href"));
    }
}
