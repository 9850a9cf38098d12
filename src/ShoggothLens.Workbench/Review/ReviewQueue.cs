using ShoggothLens.Core.Catalog;

namespace ShoggothLens.Workbench.Review;

/// <summary>
/// The safety team's queue: a catalog's hidden-motive candidates in the label-free report's order (what
/// <c>shoggoth candidates</c> prints), each joined with its review. The join is per call.
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

    /// <summary>The candidates of a label-free candidate report (<c>shoggoth candidates</c>), in its order.</summary>
    public static ReviewQueue Of(CandidateReport report, string catalogKey) =>
        new(catalogKey, report.Candidates.OrderBy(c => c.Rank).Select(c => new Candidate(c.Feature, c.HomePersona, c.Evidence,
            c.AssistantLowerBound, c.AssistantAffinity, c.LeakDocuments)).ToList());

    /// <summary>
    /// The queue of a catalog the browse library opened, from its summary index: the index holds the label-free report's
    /// candidates in its order (<see cref="Browse.CatalogCandidates"/>), so no feature is read again.
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
