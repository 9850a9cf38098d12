using ShoggothLens.Core.Catalog;

namespace ShoggothLens.Workbench.Browse;

/// <summary>
/// A catalog the library found, addressed by <see cref="Id"/> (a slug the library assigned). Pages hold only the id:
/// the folder stays inside the library, so nothing a browser sends becomes a path.
/// </summary>
public sealed class CatalogEntry
{
    internal CatalogEntry(string id, CatalogFolder folder)
    {
        Id = id;
        Folder = folder;
    }

    public string Id { get; }
    public string Name => Folder.Name;
    /// <summary>The folder, for display; never built from a request.</summary>
    public string Directory => Folder.Directory;
    internal CatalogFolder Folder { get; }
}
