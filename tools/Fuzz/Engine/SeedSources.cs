namespace ShoggothLens.Fuzz.Engine;

/// <summary>
/// Where seeds come from: the shared reference fixtures (<c>../shared/fixtures/reference</c>, read, never copied into the
/// repository), the repository's own shipped files, and a scratch folder for files written by the synthetic writers.
/// </summary>
public sealed class SeedSources(string repoRoot, string scratch)
{
    public string RepoRoot { get; } = repoRoot;
    public string ReferenceDirectory => Path.GetFullPath(Path.Combine(RepoRoot, "..", "shared", "fixtures", "reference"));
    public string Scratch { get; } = scratch;

    public string Reference(params string[] parts) => Path.Combine([ReferenceDirectory, .. parts]);
    public string Repo(params string[] parts) => Path.Combine([RepoRoot, .. parts]);

    /// <summary>A fresh folder under the scratch folder.</summary>
    public string NewScratch(string name)
    {
        string path = Path.Combine(Scratch, name);
        if (Directory.Exists(path)) Directory.Delete(path, recursive: true);
        Directory.CreateDirectory(path);
        return path;
    }

    /// <summary>Every file under <paramref name="folder"/> (relative path → bytes).</summary>
    public static Dictionary<string, byte[]> ReadFolder(string folder, Func<string, bool>? include = null)
    {
        var files = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (var path in Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            string relative = Path.GetRelativePath(folder, path);
            if (include is null || include(relative)) files[relative] = File.ReadAllBytes(path);
        }
        return files;
    }

    /// <summary>The folder holding ShoggothLens.sln above <paramref name="start"/>.</summary>
    public static string FindRepoRoot(string start)
    {
        for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "ShoggothLens.sln"))) return dir.FullName;
        throw new DirectoryNotFoundException($"no ShoggothLens.sln above {start}");
    }
}
