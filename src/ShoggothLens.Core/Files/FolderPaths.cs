namespace ShoggothLens.Core.Files;

/// <summary>Where folders really are (symbolic links followed), to tell whether a write would land in a source.</summary>
public static class FolderPaths
{
    /// <summary>
    /// The full path of <paramref name="path"/> with every symbolic link among its existing components replaced by its
    /// final target; components that do not exist yet are kept as given.
    /// </summary>
    public static string Real(string path)
    {
        string full = Path.TrimEndingDirectorySeparator(Path.GetFullPath(path));
        string? root = Path.GetPathRoot(full);
        if (string.IsNullOrEmpty(root)) return full;
        string current = root;
        var parts = full[root.Length..].Split(Path.DirectorySeparatorChar, StringSplitOptions.RemoveEmptyEntries);
        for (int i = 0; i < parts.Length; i++)
        {
            string next = Path.Combine(current, parts[i]);
            FileSystemInfo info = Directory.Exists(next) ? new DirectoryInfo(next) : new FileInfo(next);
            if (!info.Exists)
                return Path.Combine([current, .. parts[i..]]);
            current = info.LinkTarget is null ? next
                : Path.TrimEndingDirectorySeparator(Real(info.ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? next));
        }
        return current;
    }

    /// <summary>True when <paramref name="inner"/> is <paramref name="outer"/> or lies below it (both resolved by <see cref="Real"/>).</summary>
    public static bool IsSameOrInside(string inner, string outer)
    {
        string a = Real(inner), b = Real(outer);
        return a == b || a.StartsWith(b + Path.DirectorySeparatorChar, StringComparison.Ordinal);
    }

    /// <summary>True when one folder is the other, holds it or lies inside it.</summary>
    public static bool Overlap(string first, string second) => IsSameOrInside(first, second) || IsSameOrInside(second, first);

    /// <summary>
    /// Refuses a file of one of our own formats (store chunk, catalog file) that resolves outside <paramref name="folder"/>
    /// (a symbolic link out of it, or a link among its subfolders): what a folder names is read and written inside it.
    /// </summary>
    /// <exception cref="Formats.InvalidInputFileException">The path leads outside the folder.</exception>
    public static string RequireInside(string folder, string path)
    {
        if (!IsSameOrInside(path, folder))
            throw new Formats.InvalidInputFileException(path, $"leads outside {folder} (a symbolic link?): files of this folder are read and written only inside it");
        return path;
    }
}
