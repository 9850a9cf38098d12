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
        Name = DisplayName(folder);
    }

    public string Id { get; }
    /// <summary>The folder's name, or its parent's when the folder has the generic name "catalog" (as <c>shoggoth demo</c> writes it).</summary>
    public string Name { get; }
    /// <summary>The folder, for display; never built from a request.</summary>
    public string Directory => Folder.Directory;
    internal CatalogFolder Folder { get; }

    internal static string DisplayName(CatalogFolder folder)
    {
        if (!string.Equals(folder.Name, "catalog", StringComparison.OrdinalIgnoreCase)) return folder.Name;
        string? parent = Path.GetFileName(Path.GetDirectoryName(folder.Directory));
        return string.IsNullOrEmpty(parent) ? folder.Name : parent;
    }
}
