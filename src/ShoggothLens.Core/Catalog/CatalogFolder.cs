namespace ShoggothLens.Core.Catalog;

/// <summary>
/// A catalog folder (features/README.md) and the one place that names its files: the feature catalog itself
/// (<see cref="CatalogFormat.DataFile"/>, <see cref="CatalogFormat.IndexFile"/>), the persona vectors, the model
/// diff when analyze compared two checkpoints, the candidate report, the analyze checkpoint while a run is
/// unfinished, a shard's state (<c>analyze --shard i/N</c> writes it instead of a catalog), and the review database the UI keeps beside the catalog (never inside the catalog's own files).
/// </summary>
public sealed class CatalogFolder(string directory)
{
    public const string PersonaVectorsFileName = "persona-vectors.json";
    public const string ModelDiffFileName = "model-diff.json";
    public const string CandidateReportFileName = "candidates.json";
    public const string AnalyzeCheckpointFileName = "analyze.checkpoint";
    public const string AnalyzeShardFileName = "analyze.shard";
    public const string ReviewDatabaseFileName = "reviews.db";

    public string Directory { get; } = Path.GetFullPath(directory);

    /// <summary>The folder's last name, used as the catalog's display name.</summary>
    public string Name => Path.GetFileName(Path.TrimEndingDirectorySeparator(Directory));

    public string DataPath => Path.Combine(Directory, CatalogFormat.DataFile);
    public string IndexPath => Path.Combine(Directory, CatalogFormat.IndexFile);
    public string PersonaVectorsPath => Path.Combine(Directory, PersonaVectorsFileName);
    public string ModelDiffPath => Path.Combine(Directory, ModelDiffFileName);
    public string CandidateReportPath => Path.Combine(Directory, CandidateReportFileName);
    public string AnalyzeCheckpointPath => Path.Combine(Directory, AnalyzeCheckpointFileName);
    public string AnalyzeShardPath => Path.Combine(Directory, AnalyzeShardFileName);
    public string ReviewDatabasePath => Path.Combine(Directory, ReviewDatabaseFileName);

    /// <summary>True when the folder holds a finished catalog (both of its files).</summary>
    public bool HasCatalog => File.Exists(DataPath) && (File.Exists(IndexPath) || File.Exists(Path.Combine(Directory, CatalogFormat.PendingIndexFile)));

    public FeatureCatalog OpenCatalog() => FeatureCatalog.Open(Directory);

    /// <summary>The persona vectors, or null when the folder has none (a catalog from before they were written).</summary>
    public PersonaVectorSet? ReadPersonaVectors() => File.Exists(PersonaVectorsPath) ? PersonaVectorsFile.Read(PersonaVectorsPath) : null;

    /// <summary>The model diff, or null when analyze ran without a compared store.</summary>
    public ModelDiffReport? ReadModelDiff() => File.Exists(ModelDiffPath) ? ModelDiffFile.Read(ModelDiffPath) : null;

    /// <summary>The saved candidate report, or null when none was saved beside the catalog.</summary>
    public CandidateReport? ReadCandidateReport() => File.Exists(CandidateReportPath) ? CandidateReportFile.Read(CandidateReportPath) : null;

    /// <summary>
    /// Every catalog folder at or below <paramref name="root"/> (depth-limited, symbolic links not followed),
    /// in name order. A missing root finds none.
    /// </summary>
    public static IReadOnlyList<CatalogFolder> FindUnder(string root, int maxDepth = 4)
    {
        var found = new List<CatalogFolder>();
        if (!System.IO.Directory.Exists(root)) return found;
        void Walk(DirectoryInfo dir, int depth)
        {
            var folder = new CatalogFolder(dir.FullName);
            if (folder.HasCatalog) found.Add(folder);
            if (depth >= maxDepth) return;
            foreach (var child in dir.EnumerateDirectories().OrderBy(d => d.Name, StringComparer.Ordinal))
                if (child.LinkTarget is null) Walk(child, depth + 1);
        }
        Walk(new DirectoryInfo(Path.GetFullPath(root)), 0);
        return found;
    }
}
