using System.Diagnostics;
using ShoggothLens.Core.Catalog;
using ShoggothLens.TestKit.WebCatalogs;

namespace ShoggothLens.LoadTest;

/// <summary>The catalog under load: the TestKit's synthetic catalog, generated once (or reused from <c>--catalog</c>).</summary>
public sealed class CatalogSource : IDisposable
{
    readonly string? _temporary;

    CatalogSource(CatalogFolder folder, string? temporary, bool generated, TimeSpan took)
    {
        Folder = folder;
        _temporary = temporary;
        Generated = generated;
        Took = took;
    }

    public CatalogFolder Folder { get; }
    public bool Generated { get; }
    public TimeSpan Took { get; }

    public static CatalogSource Open(LoadOptions options, TextWriter log)
    {
        string? temporary = null;
        string directory;
        if (options.Catalog is { } given)
        {
            directory = Path.GetFullPath(given);
            var existing = new CatalogFolder(directory);
            if (existing.HasCatalog)
            {
                using var catalog = existing.OpenCatalog();
                log.WriteLine($"reusing {directory} ({catalog.Count:N0} features)");
                return new CatalogSource(existing, null, false, TimeSpan.Zero);
            }
        }
        else
        {
            temporary = Directory.CreateTempSubdirectory("shoggoth-load-").FullName;
            directory = Path.Combine(temporary, $"synthetic-{options.Features}");
        }
        log.WriteLine($"generating {options.Features:N0} features into {directory} ...");
        var clock = Stopwatch.StartNew();
        var folder = SyntheticCatalog.Write(directory, new SyntheticCatalogOptions(Features: options.Features, Seed: options.Seed));
        log.WriteLine($"generated in {clock.Elapsed.TotalSeconds:F1} s");
        return new CatalogSource(folder, temporary, true, clock.Elapsed);
    }

    public void Dispose()
    {
        if (_temporary is null) return;
        try { Directory.Delete(_temporary, recursive: true); }
        catch (IOException) { }   // a file still held open: the OS temp cleaner takes it
    }
}
