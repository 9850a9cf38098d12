using ShoggothLens.Core.Catalog;
using ShoggothLens.Workbench.Browse;

namespace ShoggothLens.Web.Tests.Browse;

public sealed class ViewCacheTests(SyntheticCatalogFixture fixture) : IClassFixture<SyntheticCatalogFixture>
{
    static IReadOnlyList<FeatureSummary> Rows(int n) => new FeatureSummary[n];
    static FeatureQuery Q(string search) => FeatureQuery.Default with { Search = search };

    [Fact]
    public void The_least_recently_used_views_go_first_until_the_rows_fit()
    {
        var cache = new ViewCache(maxRows: 100);
        cache.Add(Q("a"), Rows(40));
        cache.Add(Q("b"), Rows(40));
        Assert.True(cache.TryGet(Q("a"), out _));   // a is now the more recent
        cache.Add(Q("c"), Rows(40));                 // 120 rows: b (least recent) goes
        Assert.True(cache.TryGet(Q("a"), out var a));
        Assert.Equal(40, a.Count);
        Assert.False(cache.TryGet(Q("b"), out _));
        Assert.True(cache.TryGet(Q("c"), out _));
        Assert.Equal(80, cache.Rows);
        Assert.Equal(2, cache.Count);
    }

    [Fact]
    public void A_view_larger_than_the_bound_stays_alone_and_a_replaced_view_counts_once()
    {
        var cache = new ViewCache(maxRows: 100);
        cache.Add(Q("a"), Rows(30));
        cache.Add(Q("a"), Rows(50));
        Assert.Equal(50, cache.Rows);
        cache.Add(Q("huge"), Rows(500));
        Assert.Equal(1, cache.Count);
        Assert.True(cache.TryGet(Q("huge"), out _));
        Assert.False(cache.TryGet(Q("a"), out _));
    }

    [Fact]
    public void The_index_keeps_many_sessions_views_and_evaluate_leaves_the_cache_alone()
    {
        using var catalog = FeatureCatalog.Open(fixture.Directory);
        var index = FeatureSummaryIndex.Build(catalog, CatalogCandidates.Load(new CatalogFolder(fixture.Directory)).Set);
        for (int i = 0; i < 100; i++) index.Query(Q($"#{i}"));
        int kept = index.Views.Count;
        Assert.Equal(100, kept);   // the old cache forgot everything at its 32nd view
        var fresh = index.Evaluate(FeatureQuery.Default with { Search = "#7", Descending = !FeatureQuery.Default.Descending });
        Assert.Equal(kept, index.Views.Count);
        Assert.Equal(index.Query(FeatureQuery.Default with { Search = "#7", Descending = !FeatureQuery.Default.Descending }).Select(r => r.Feature), fresh.Select(r => r.Feature));
    }
}
