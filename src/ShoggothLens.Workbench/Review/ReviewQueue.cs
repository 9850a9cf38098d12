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
        var ranked = HiddenMotiveRanking.Rank(Features(catalog, cancellationToken));
        return new ReviewQueue(catalogKey, ranked.Select(f => new Candidate(f.Feature, f.Scores.HomePersona, f.Scores.HiddenMotiveEvidence,
            f.Scores.AssistantLowerBound, f.Scores.AssistantAffinity, f.Scores.LeakDocumentCount)).ToList());
    }

    /// <summary>
    /// The queue of a catalog the browse library opened, from its summary index: the index ranked the candidates
    /// (<see cref="HiddenMotiveRanking"/>, by evidence) when it was built, so no feature is read again.
    /// </summary>
    public static ReviewQueue Rank(Browse.LoadedCatalog catalog)
    {
        var index = catalog.Index;
        return new ReviewQueue(ReviewStores.CatalogKey(catalog.Entry), index.Candidates.Select(id =>
        {
            var s = index[id]!;
            return new Candidate(s.Feature, s.HomePersona, s.Evidence, s.AssistantLowerBound, s.Affinity, s.LeakDocuments);
        }).ToList());
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

    /// <summary>
    /// One page of the queue (1-based <paramref name="page"/>, clamped to the pages there are) with the current reviews,
    /// optionally only the candidates whose status is <paramref name="status"/>, and the count of every status. Only the
    /// page's rows are built: the join reads the catalog's stored reviews (one SELECT) and walks the ranked ids.
    /// </summary>
    public async Task<ReviewQueuePage> PageAsync(ReviewStore store, ReviewStatus? status, int page, int pageSize, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(pageSize, 1);
        var reviews = await store.AllAsync(Catalog, cancellationToken);
        var counts = Enum.GetValues<ReviewStatus>().ToDictionary(s => s, _ => 0);
        var matching = new List<int>();   // queue positions with the asked status
        for (int i = 0; i < _candidates.Count; i++)
        {
            var s = reviews.TryGetValue(_candidates[i].Feature, out var r) ? r.Status : ReviewStatus.Open;
            counts[s]++;
            if (status is null || s == status) matching.Add(i);
        }
        int pages = Math.Max(1, (matching.Count + pageSize - 1) / pageSize);
        int p = Math.Clamp(page, 1, pages);
        var items = matching.Skip((p - 1) * pageSize).Take(pageSize).Select(i =>
        {
            var c = _candidates[i];
            return new ReviewQueueItem(i + 1, c.Feature, c.HomePersona, c.Evidence, c.LowerBound, c.Affinity, c.Leaks,
                reviews.TryGetValue(c.Feature, out var r) ? r : ReviewState.Unreviewed(Catalog, c.Feature));
        }).ToList();
        return new ReviewQueuePage(items, p, pages, pageSize, matching.Count, _candidates.Count, counts);
    }

    /// <summary>The queue with every candidate's current review.</summary>
    public async Task<IReadOnlyList<ReviewQueueItem>> ItemsAsync(ReviewStore store, CancellationToken cancellationToken = default)
    {
        var reviews = await store.AllAsync(Catalog, cancellationToken);
        return _candidates.Select((c, i) => new ReviewQueueItem(i + 1, c.Feature, c.HomePersona, c.Evidence, c.LowerBound, c.Affinity, c.Leaks,
            reviews.TryGetValue(c.Feature, out var r) ? r : ReviewState.Unreviewed(Catalog, c.Feature))).ToList();
    }
}
