using ShoggothLens.Core.Analysis;
using ShoggothLens.Core.Catalog;

namespace ShoggothLens.Workbench.Browse;

/// <summary>
/// Every feature's <see cref="FeatureSummary"/>, built once from one pass over the catalog and kept in memory, with
/// the hidden-motive candidates of the catalog's label-free report (<see cref="CandidateSet"/>) in the report's order.
/// Queries sort and filter these rows; the full record of a feature is read from the catalog when a page opens it.
/// </summary>
public sealed class FeatureSummaryIndex
{
    readonly FeatureSummary[] _rows;

    FeatureSummaryIndex(IReadOnlyList<string> roles, FeatureSummary[] rows, IReadOnlyList<int> candidates)
    {
        Roles = roles;
        _rows = rows;
        Candidates = candidates;
        Views = new ViewCache(Math.Max(40L * rows.Length, 100_000));
        Personas = rows.Select(r => r.HomePersona).OfType<string>().Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        Counts = rows.GroupBy(r => r.Class).ToDictionary(g => g.Key, g => g.Count());
        PersonaAlignedCount = rows.Count(r => r.PersonaAligned);
        OutsideRoleCount = rows.Count(r => r.OutsideRole);
        OutsideRoleLeakCount = rows.Count(r => r.OutsideRoleLeak);
        OtherLiveCount = rows.Count(r => !r.PersonaAligned && !r.OutsideRole && !r.IsDead);
    }

    /// <summary>Features with affinity ≥ +τ (the catalog's flag), candidates among them included.</summary>
    public int PersonaAlignedCount { get; }

    /// <summary>Live features on neither side of ±τ (by affinity alone; candidates among them included).</summary>
    public int OtherLiveCount { get; }

    /// <summary>Features with affinity ≤ −τ, candidates among them included.</summary>
    public int OutsideRoleCount { get; }

    /// <summary>Outside-role features that fire in Assistant turns above the floor (the catalog's flag; candidates need more).</summary>
    public int OutsideRoleLeakCount { get; }

    public IReadOnlyList<string> Roles { get; }
    public IReadOnlyList<FeatureSummary> Rows => _rows;
    /// <summary>Candidate feature ids in the label-free report's order.</summary>
    public IReadOnlyList<int> Candidates { get; }
    /// <summary>Every home persona some feature has, in name order.</summary>
    public IReadOnlyList<string> Personas { get; }
    public IReadOnlyDictionary<FeatureClass, int> Counts { get; }

    public int Count(FeatureClass c) => Counts.GetValueOrDefault(c);

    public FeatureSummary? this[int feature] => feature >= 0 && feature < _rows.Length ? _rows[feature] : null;

    /// <summary>One pass over <paramref name="features"/> (in id order, as <see cref="FeatureCatalog.ReadAll"/> yields them).</summary>
    /// <param name="candidates">The catalog's label-free candidates (<see cref="CatalogCandidates"/>): the rows marked
    /// <see cref="FeatureClass.Candidate"/>, with the report's rank.</param>
    public static FeatureSummaryIndex Build(IReadOnlyList<string> roles, IEnumerable<FeatureStatistics> features, CandidateSet candidates, CancellationToken cancel = default)
    {
        var rows = new List<FeatureSummary>();
        foreach (var f in features)
        {
            cancel.ThrowIfCancellationRequested();
            if (f.Feature != rows.Count) throw new ArgumentException($"feature {f.Feature} where {rows.Count} was expected (features must come in id order)");
            rows.Add(FeatureSummaryBuilder.Build(f, roles, candidates.RankOf(f.Feature)));
        }
        // A report names features of this catalog (analyze deletes a saved one); ids outside it are ignored, not trusted.
        var ranked = candidates.Ranked.Where(id => id >= 0 && id < rows.Count).ToList();
        return new FeatureSummaryIndex(roles, rows.ToArray(), ranked);
    }

    public static FeatureSummaryIndex Build(FeatureCatalog catalog, CandidateSet candidates, CancellationToken cancel = default) =>
        Build(catalog.Metadata.Roles, catalog.ReadAll(), candidates, cancel);

    /// <summary>
    /// The rows <paramref name="query"/> selects, in its order (ties by id). <paramref name="status"/> gives a feature's
    /// review status where a review store is attached (null: no status).
    /// </summary>
    public IReadOnlyList<FeatureSummary> Query(FeatureQuery query, Func<int, string?>? status = null)
    {
        // Views without review status do not change while the process runs: keep the recent ones (prev/next on a
        // feature page re-asks for its grid's view on every step).
        bool cacheable = query.Status is null && query.Sort != "status";
        if (cacheable && Views.TryGet(query, out var cached)) return cached;
        var result = Compute(query, status);
        if (cacheable) Views.Add(query, result);
        return result;
    }

    /// <summary>
    /// The view computed afresh, neither read from nor kept in <see cref="Views"/>: for a client that must know what a
    /// page will show without warming the cache it measures (the load tool).
    /// </summary>
    public IReadOnlyList<FeatureSummary> Evaluate(FeatureQuery query) => Compute(query, null);

    /// <summary>Recent views, bounded at 40 catalogs' worth of rows (4 M rows, 32 MB of references, at 100,000 features).</summary>
    public ViewCache Views { get; }

    IReadOnlyList<FeatureSummary> Compute(FeatureQuery query, Func<int, string?>? status)
    {
        // Sort orders that do not depend on reviews are computed once per (column, direction) and shared by every
        // session: a view is then one walk over a precomputed order with the filters, no sort per request.
        bool fixedOrder = query.Sort != "status";
        IEnumerable<FeatureSummary> rows = fixedOrder ? Order(query) : _rows;
        if (query.Class is { } c) rows = rows.Where(r => r.Class == c);
        if (query.Persona is { } p) rows = rows.Where(r => string.Equals(r.HomePersona, p, StringComparison.Ordinal));
        if (query.Status is { } s) rows = rows.Where(r => string.Equals(status?.Invoke(r.Feature) ?? ReviewStatusNone, s, StringComparison.OrdinalIgnoreCase));
        if (query.Search is { } q)
        {
            int? id = FeatureQuery.SearchId(q);
            rows = rows.Where(r => r.Feature == id || r.TopTokens.Any(t => t.Contains(q, StringComparison.OrdinalIgnoreCase)));
        }
        return (fixedOrder ? rows : Sort(rows, query, status)).ToList();
    }

    readonly System.Collections.Concurrent.ConcurrentDictionary<(string Sort, bool Descending), FeatureSummary[]> _orders = new();

    /// <summary>Every row in <paramref name="query"/>'s order (not the review-status order), computed once per order; only
    /// valid sort keys are kept, so a URL cannot grow the cache.</summary>
    IEnumerable<FeatureSummary> Order(FeatureQuery query) => !query.IsValidSort(Roles)
        ? Sort(_rows, query, null)
        : _orders.GetOrAdd((query.Sort, query.Descending), _ => Sort(_rows, FeatureQuery.Default with { Sort = query.Sort, Descending = query.Descending }, null).ToArray());

    /// <summary>The features before and after <paramref name="feature"/> in <paramref name="query"/>'s order (null at the ends, or when it is not in the view).</summary>
    public (int? Previous, int? Next, int Position, int Total) Neighbours(int feature, FeatureQuery query, Func<int, string?>? status = null)
    {
        var rows = Query(query, status);
        for (int i = 0; i < rows.Count; i++)
            if (rows[i].Feature == feature)
                return (i > 0 ? rows[i - 1].Feature : null, i + 1 < rows.Count ? rows[i + 1].Feature : null, i + 1, rows.Count);
        return (null, null, 0, rows.Count);
    }

    /// <summary>The status a feature without a review has, for the status filter.</summary>
    public const string ReviewStatusNone = "none";

    IEnumerable<FeatureSummary> Sort(IEnumerable<FeatureSummary> rows, FeatureQuery query, Func<int, string?>? status)
    {
        bool desc = query.Descending;
        IOrderedEnumerable<FeatureSummary> By<T>(Func<FeatureSummary, T> key) => desc ? rows.OrderByDescending(key) : rows.OrderBy(key);
        IOrderedEnumerable<FeatureSummary> ordered = query.Sort switch
        {
            "id" => By(r => r.Feature),
            "density" => By(r => r.Density),
            "max" => By(r => r.Max),
            "affinity" => By(r => r.Affinity),
            "home" => desc ? rows.OrderByDescending(r => r.HomePersona, StringComparer.Ordinal) : rows.OrderBy(r => r.HomePersona, StringComparer.Ordinal),
            "leaks" => By(r => r.LeakDocuments),
            // Unranked features go last in either direction.
            "rank" => rows.OrderBy(r => r.CandidateRank is null).ThenBy(r => desc ? -(r.CandidateRank ?? 0) : r.CandidateRank ?? 0),
            "status" => desc ? rows.OrderByDescending(r => status?.Invoke(r.Feature) ?? "", StringComparer.Ordinal) : rows.OrderBy(r => status?.Invoke(r.Feature) ?? "", StringComparer.Ordinal),
            var k when k.StartsWith(FeatureQuery.RolePrefix, StringComparison.Ordinal) && RoleIndex(k[FeatureQuery.RolePrefix.Length..]) is int i and >= 0 => By(r => r.RoleFrequencies[i]),
            _ => By(r => r.Evidence),
        };
        return ordered.ThenBy(r => r.Feature);
    }

    public int RoleIndex(string role)
    {
        for (int i = 0; i < Roles.Count; i++) if (Roles[i] == role) return i;
        return -1;
    }
}
