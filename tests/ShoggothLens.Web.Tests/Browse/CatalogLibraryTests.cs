using ShoggothLens.TestKit.WebCatalogs;
using ShoggothLens.Workbench.Browse;

namespace ShoggothLens.Web.Tests.Browse;

public sealed class CatalogLibraryTests : IDisposable
{
    readonly string _root = Path.Combine(Path.GetTempPath(), "shoggoth-library-" + Guid.NewGuid().ToString("N"));

    public CatalogLibraryTests()
    {
        SyntheticCatalog.Write(Path.Combine(_root, "features", "Run A"), new SyntheticCatalogOptions(Features: 12));
        SyntheticCatalog.Write(Path.Combine(_root, "features", "nested", "run-a"), new SyntheticCatalogOptions(Features: 8, WithModelDiff: false));
        Directory.CreateDirectory(Path.Combine(_root, "features", "empty"));
        SyntheticCatalog.Write(Path.Combine(_root, "elsewhere", "secret"), new SyntheticCatalogOptions(Features: 4));
    }

    [Fact]
    public void Finds_catalogs_under_the_features_root_and_gives_each_a_distinct_slug()
    {
        using var library = new CatalogLibrary(new CatalogLibraryOptions([], Path.Combine(_root, "features")));
        Assert.Equal(new[] { "run-a", "run-a-2" }, library.Catalogs.Select(c => c.Id).Order(StringComparer.Ordinal));
        Assert.All(library.Catalogs, c => Assert.Matches("^[a-z0-9-]+$", c.Id));
        // Both folders are called run-a (once spelled "Run A"): the second gets a suffix, never the same id.
        Assert.Equal(2, library.Catalogs.Select(c => c.Id).Distinct().Count());
        Assert.DoesNotContain(library.Catalogs, c => c.Directory.Contains("elsewhere"));
    }

    [Fact]
    public void Named_catalogs_replace_the_root_and_a_parent_folder_is_searched()
    {
        using var library = new CatalogLibrary(new CatalogLibraryOptions([Path.Combine(_root, "elsewhere")], Path.Combine(_root, "features")));
        var only = Assert.Single(library.Catalogs);
        Assert.Equal("secret", only.Id);
    }

    [Fact]
    public async Task An_unknown_id_is_an_error_and_a_path_is_never_an_id()
    {
        using var library = new CatalogLibrary(new CatalogLibraryOptions([], Path.Combine(_root, "features")));
        foreach (string id in new[] { "nope", "../elsewhere/secret", Path.Combine(_root, "elsewhere", "secret"), "run-a/../../elsewhere/secret", "", "RUN-A" })
        {
            Assert.Null(library.Find(id));
            await Assert.ThrowsAsync<UnknownCatalogException>(() => library.OpenAsync(id));
        }
        Assert.Null(library.Metadata("../elsewhere/secret"));
    }

    [Fact]
    public async Task Opens_a_catalog_once_and_shares_it()
    {
        using var library = new CatalogLibrary(new CatalogLibraryOptions([], Path.Combine(_root, "features")));
        var a = await library.OpenAsync("run-a");
        var b = await library.OpenAsync("run-a");
        Assert.Same(a, b);
        Assert.Same(a, library.Loaded("run-a"));
        Assert.Null(library.Loaded("run-a-2"));
        Assert.Equal(12, a.Count);
        Assert.NotNull(a.ModelDiff);
        Assert.NotNull(a.PersonaVectors);
        Assert.Null(a.Read(12));
        Assert.Null(a.Read(-1));
    }

    [Fact]
    public async Task A_damaged_catalog_reports_the_file_and_is_retried()
    {
        string dir = Path.Combine(_root, "features", "damaged");
        SyntheticCatalog.Write(dir, new SyntheticCatalogOptions(Features: 5));
        File.WriteAllBytes(Path.Combine(dir, "catalog.bin"), [1, 2, 3]);
        using var library = new CatalogLibrary(new CatalogLibraryOptions([dir], null));
        var e = await Assert.ThrowsAsync<ShoggothLens.Core.Formats.InvalidInputFileException>(() => library.OpenAsync("damaged"));
        Assert.Contains("catalog.bin", e.Message);
        SyntheticCatalog.Write(dir, new SyntheticCatalogOptions(Features: 5));
        await library.OpenAsync("damaged");   // the failed task was dropped: a fixed file opens
        Assert.Equal(5, (await library.OpenAsync("damaged")).Count);
    }

    [Fact]
    public void Finds_nothing_under_a_missing_root()
    {
        using var library = new CatalogLibrary(new CatalogLibraryOptions([], Path.Combine(_root, "missing")));
        Assert.Empty(library.Catalogs);
        Assert.Single(library.Searched);
        Assert.Null(library.FindOrDefault(null));
    }

    public void Dispose()
    {
        try { Directory.Delete(_root, recursive: true); } catch (IOException) { }
    }
}
