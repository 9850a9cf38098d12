using System.Collections.Concurrent;
using ShoggothLens.Core.Catalog;

namespace ShoggothLens.Workbench.Review;

/// <summary>
/// The review store of each catalog a server shows. Without a connection string every catalog keeps its reviews in
/// its own SQLite file (<see cref="CatalogFolder.ReviewDatabasePath"/>, beside the catalog's files, never inside
/// them); with one (<c>--db</c>) all catalogs share that database, told apart by <see cref="CatalogKey"/>.
/// </summary>
public sealed class ReviewStores(string? connection = null, TimeProvider? clock = null)
{
    readonly ReviewDatabase? _shared = string.IsNullOrWhiteSpace(connection) ? null : ReviewDatabase.Parse(connection);
    readonly ConcurrentDictionary<string, ReviewStore> _stores = new(StringComparer.Ordinal);

    /// <summary>The shared database, or null when each catalog has its SQLite file.</summary>
    public ReviewDatabase? Shared => _shared;

    /// <summary>The key a catalog's reviews are stored under: its folder name (stable when the folder moves).</summary>
    public static string CatalogKey(CatalogFolder folder) => folder.Name;

    /// <summary>The key of a catalog the browse library found (<see cref="CatalogKey(CatalogFolder)"/> of its folder).</summary>
    public static string CatalogKey(Browse.CatalogEntry entry) => CatalogKey(entry.Folder);

    /// <summary>The store of a catalog the browse library found.</summary>
    public ReviewStore For(Browse.CatalogEntry entry) => For(entry.Folder);

    public ReviewStore For(CatalogFolder folder)
    {
        string key = _shared is null ? folder.ReviewDatabasePath : "shared";
        return _stores.GetOrAdd(key, _ => new ReviewStore(_shared ?? ReviewDatabase.SqliteFile(folder.ReviewDatabasePath), clock));
    }
}
