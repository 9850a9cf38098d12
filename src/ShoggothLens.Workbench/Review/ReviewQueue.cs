using ShoggothLens.Core.Analysis;
using ShoggothLens.Core.Catalog;

namespace ShoggothLens.Workbench.Review;

/// <summary>
/// The safety team's queue: a catalog's hidden-motive candidates in rank order (evidence, as <c>shoggoth candidates</c>
/// ranks them), each joined with its review. The ranking reads the whole catalog once; the join is per call.
/// </summary>
public sealed class ReviewQueue
{
    readonly IReadOnlyList<Candidate> _candidates;

    sealed record Candidate(int Feature, string? HomePersona, double Evidence, double LowerBound, double Affinity, long Leaks);

    ReviewQueue(string catalog, IReadOnlyList<Candidate> candidates)
    {
        Catalog = catalog;
        _candidates = candidates;
    }

    /// <summary>The catalog key the reviews are stored under.</summary>
    public string Catalog { get; }

    public int Count => _candidates.Count;

    /// <summary>Ranks the candidates of <paramref name="catalog"/> (one pass over its features).</summary>
    public static ReviewQueue Rank(FeatureCatalog catalog, string catalogKey, CancellationToken cancellationToken = default)
    {
        var ranked = HiddenMotiveRanking.Rank(Features(catalog, cancellationToken), HiddenMotiveRanking.Order.Evidence);
        return new ReviewQueue(catalogKey, ranked.Select(f => new Candidate(f.Feature, f.Scores.HomePersona, f.Scores.HiddenMotiveEvidence,
            f.Scores.AssistantLowerBound, f.Scores.AssistantAffinity, f.Scores.LeakDocumentCount)).ToList());
    }

    /// <summary>Ranks the candidates of a catalog the browse library opened (one pass over its features).</summary>
    public static ReviewQueue Rank(Browse.LoadedCatalog catalog, CancellationToken cancellationToken = default)
    {
        var features = catalog.ReadMany(Enumerable.Range(0, catalog.Count)).Select(f =>
        {
            cancellationToken.ThrowIfCancellationRequested();
            return f;
        });
        var ranked = HiddenMotiveRanking.Rank(features, HiddenMotiveRanking.Order.Evidence);
        return new ReviewQueue(ReviewStores.CatalogKey(catalog.Entry), ranked.Select(f => new Candidate(f.Feature, f.Scores.HomePersona, f.Scores.HiddenMotiveEvidence,
            f.Scores.AssistantLowerBound, f.Scores.AssistantAffinity, f.Scores.LeakDocumentCount)).ToList());
    }

    static IEnumerable<FeatureStatistics> Features(FeatureCatalog catalog, CancellationToken cancellationToken)
    {
        foreach (var f in catalog.ReadAll())
        {
            cancellationToken.ThrowIfCancellationRequested();
            yield return f;
        }
    }

    /// <summary>The 1-based rank of a feature in the queue, or null when it is not a candidate.</summary>
    public int? RankOf(int feature)
    {
        for (int i = 0; i < _candidates.Count; i++) if (_candidates[i].Feature == feature) return i + 1;
        return null;
    }

    /// <summary>The queue with every candidate's current review.</summary>
    public async Task<IReadOnlyList<ReviewQueueItem>> ItemsAsync(ReviewStore store, CancellationToken cancellationToken = default)
    {
        var reviews = await store.AllAsync(Catalog, cancellationToken);
        return _candidates.Select((c, i) => new ReviewQueueItem(i + 1, c.Feature, c.HomePersona, c.Evidence, c.LowerBound, c.Affinity, c.Leaks,
            reviews.TryGetValue(c.Feature, out var r) ? r : ReviewState.Unreviewed(Catalog, c.Feature))).ToList();
    }
}
