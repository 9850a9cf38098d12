using System.Collections.Concurrent;
using ShoggothLens.Workbench.Browse;
using ShoggothLens.Workbench.Review;

namespace ShoggothLens.Web.Components.Review;

/// <summary>
/// The server's reviews across catalogs (a singleton): each catalog's store and queue (ranked once per catalog),
/// and a short-lived snapshot of statuses for the feature grid, renewed after every save on this server.
/// </summary>
public sealed class ReviewBoard(CatalogLibrary library, ReviewStores stores)
{
    static readonly TimeSpan StatusLifetime = TimeSpan.FromSeconds(5);
    readonly ConcurrentDictionary<string, Lazy<Task<ReviewQueue>>> _queues = new(StringComparer.Ordinal);
    readonly ConcurrentDictionary<string, (DateTime At, IReadOnlyDictionary<int, string> Statuses)> _statuses = new(StringComparer.Ordinal);

    public ReviewStores Stores => stores;

    public static IReadOnlyList<string> StatusNames { get; } = Enum.GetValues<ReviewStatus>().Select(ReviewNames.Of).ToList();

    CatalogEntry Entry(string catalogId) => library.Find(catalogId) ?? throw new UnknownCatalogException(catalogId);

    public ReviewStore StoreOf(string catalogId) => stores.For(Entry(catalogId));

    /// <summary>The key this catalog's reviews are stored under.</summary>
    public string KeyOf(string catalogId) => ReviewStores.CatalogKey(Entry(catalogId));

    /// <summary>The catalog's queue (candidates ranked on first use, then shared by every session).</summary>
    public Task<ReviewQueue> QueueAsync(string catalogId)
    {
        Entry(catalogId);
        var lazy = _queues.GetOrAdd(catalogId, id => new Lazy<Task<ReviewQueue>>(async () =>
        {
            var loaded = await library.OpenAsync(id);
            return ReviewQueue.Rank(loaded);   // from the summary index: no feature is read again
        }));
        if (lazy.Value.IsFaulted) _queues.TryRemove(new KeyValuePair<string, Lazy<Task<ReviewQueue>>>(catalogId, lazy));
        return lazy.Value;
    }

    /// <summary>Feature → status name of every reviewed feature (the grid's column and filter); at most a few seconds old.</summary>
    public IReadOnlyDictionary<int, string> Statuses(string catalogId)
    {
        if (library.Find(catalogId) is null) return new Dictionary<int, string>();
        if (_statuses.TryGetValue(catalogId, out var cached) && DateTime.UtcNow - cached.At < StatusLifetime) return cached.Statuses;
        // The grid asks synchronously; the query runs off the caller's context (no deadlock) and is one small SELECT.
        var reviews = Task.Run(() => StoreOf(catalogId).AllAsync(KeyOf(catalogId))).GetAwaiter().GetResult();
        IReadOnlyDictionary<int, string> statuses = reviews.ToDictionary(r => r.Key, r => ReviewNames.Of(r.Value.Status));
        _statuses[catalogId] = (DateTime.UtcNow, statuses);
        return statuses;
    }

    /// <summary>Drops the status snapshot after a save, so the grid shows it at once.</summary>
    public void Changed(string catalogId) => _statuses.TryRemove(catalogId, out _);
}
