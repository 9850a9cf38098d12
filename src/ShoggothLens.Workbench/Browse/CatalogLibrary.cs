using System.Collections.Concurrent;
using System.Text;
using ShoggothLens.Core.Catalog;

namespace ShoggothLens.Workbench.Browse;

/// <summary>
/// The catalogs a browser session can open: found once, from <see cref="CatalogLibraryOptions"/>, each given an id.
/// A catalog is opened (and its summary index built) on first use and kept for the life of the library, so every
/// page and every session shares one in-memory index per catalog. Ids are the only handle: an unknown id is an
/// error, never a path.
/// </summary>
public sealed class CatalogLibrary : IDisposable
{
    readonly Dictionary<string, CatalogEntry> _byId = new(StringComparer.Ordinal);
    readonly ConcurrentDictionary<string, Lazy<Task<LoadedCatalog>>> _loaded = new(StringComparer.Ordinal);

    public CatalogLibrary(CatalogLibraryOptions options)
    {
        var folders = new List<CatalogFolder>();
        if (options.Catalogs.Count > 0)
        {
            foreach (string dir in options.Catalogs)
            {
                var folder = new CatalogFolder(dir);
                folders.AddRange(folder.HasCatalog ? [folder] : CatalogFolder.FindUnder(dir));
            }
            Searched = options.Catalogs.Select(Path.GetFullPath).ToList();
        }
        else
        {
            string root = options.FeaturesRoot ?? CatalogLibraryOptions.DefaultFeaturesRoot;
            folders.AddRange(CatalogFolder.FindUnder(root));
            Searched = [Path.GetFullPath(root)];
        }
        var entries = new List<CatalogEntry>();
        foreach (var folder in folders.DistinctBy(f => f.Directory, StringComparer.Ordinal))
        {
            string name = CatalogEntry.DisplayName(folder);
            string id = Slug(name);
            for (int n = 2; _byId.ContainsKey(id); n++) id = $"{Slug(name)}-{n}";
            var entry = new CatalogEntry(id, folder);
            _byId.Add(id, entry);
            entries.Add(entry);
        }
        Catalogs = entries;
    }

    /// <summary>The catalogs found, in the order found.</summary>
    public IReadOnlyList<CatalogEntry> Catalogs { get; }

    /// <summary>The folders that were searched (for the "no catalogs found" page).</summary>
    public IReadOnlyList<string> Searched { get; }

    public CatalogEntry? Find(string? id) => id is not null && _byId.TryGetValue(id, out var e) ? e : null;

    /// <summary>The catalog of <paramref name="id"/>, or the first one when <paramref name="id"/> is null or empty.</summary>
    public CatalogEntry? FindOrDefault(string? id) => string.IsNullOrEmpty(id) ? Catalogs.FirstOrDefault() : Find(id);

    /// <summary>
    /// Opens the catalog and builds its summary index once (later calls share the task). An unknown id throws
    /// <see cref="UnknownCatalogException"/>; a damaged catalog, the reader's <see cref="Core.Formats.InvalidInputFileException"/>.
    /// </summary>
    public Task<LoadedCatalog> OpenAsync(string id)
    {
        var entry = Find(id) ?? throw new UnknownCatalogException(id);
        // A failed load is not kept: the next request tries again (the file may have been finished or fixed meanwhile).
        for (int attempt = 0; ; attempt++)
        {
            var lazy = _loaded.GetOrAdd(entry.Id, _ => new Lazy<Task<LoadedCatalog>>(() => Task.Run(() => LoadedCatalog.Load(entry))));
            var task = lazy.Value;
            if (!task.IsFaulted || attempt > 0) return task;
            _loaded.TryRemove(new KeyValuePair<string, Lazy<Task<LoadedCatalog>>>(entry.Id, lazy));
        }
    }

    /// <summary>The catalog if it has been opened already (no waiting, no loading).</summary>
    public LoadedCatalog? Loaded(string id) =>
        _loaded.TryGetValue(id, out var lazy) && lazy.IsValueCreated && lazy.Value.IsCompletedSuccessfully ? lazy.Value.Result : null;

    /// <summary>A catalog's metadata without building its index (one small read); null when it cannot be read.</summary>
    public Core.Catalog.CatalogMetadata? Metadata(string id)
    {
        if (Loaded(id) is { } loaded) return loaded.Metadata;
        var entry = Find(id);
        if (entry is null) return null;
        try
        {
            using var catalog = entry.Folder.OpenCatalog();
            return catalog.Metadata;
        }
        catch (Exception e) when (e is Core.Formats.InvalidInputFileException or IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>Lower-case letters, digits and single dashes: safe in a URL and never a path.</summary>
    internal static string Slug(string name)
    {
        var sb = new StringBuilder();
        foreach (char c in name.ToLowerInvariant())
        {
            if (c is (>= 'a' and <= 'z') or (>= '0' and <= '9')) sb.Append(c);
            else if (sb.Length > 0 && sb[^1] != '-') sb.Append('-');
        }
        string slug = sb.ToString().Trim('-');
        return slug.Length == 0 ? "catalog" : slug;
    }

    public void Dispose()
    {
        foreach (var lazy in _loaded.Values)
            if (lazy.IsValueCreated && lazy.Value.IsCompletedSuccessfully) lazy.Value.Result.Dispose();
    }
}
