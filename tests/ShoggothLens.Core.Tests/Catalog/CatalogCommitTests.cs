using System.Text.Json;
using ShoggothLens.Core.Analysis;
using ShoggothLens.Core.Catalog;
using ShoggothLens.Core.Formats;

namespace ShoggothLens.Core.Tests.Catalog;

/// <summary>
/// Issue 14: a kill between the catalog.bin and index.bin renames left a catalog that <c>candidates</c> refused. The two
/// files are committed as one unit: whatever point a writer is killed at, a reader opens the old catalog or the new one.
/// The crash points are laid out file by file as the writer leaves them (its files are written whole as *.next first).
/// </summary>
public sealed class CatalogCommitTests : IDisposable
{
    readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    static List<FeatureStatistics> Features(int count) => Export.ExportCatalogs.Basic(count);

    static CatalogMetadata Metadata(string name, int count) => new(name, count, 300, ["User", "Assistant", "Persona(spy)"], ["trigger", "motive"],
        new Dictionary<string, string> { ["store"] = "STORE" });

    static string Json<T>(T value) => JsonSerializer.Serialize(value);

    /// <summary>The old catalog in a folder, and the new one's two files as its writer had them just before the commit.</summary>
    (string Folder, string NewData, string NewIndex) Prepare(string name, string newName, int newCount)
    {
        string folder = _temp.File(name), staging = _temp.File(name + "-new");
        FeatureCatalogWriter.Write(folder, Metadata("old", 12), Features(12));
        FeatureCatalogWriter.Write(staging, Metadata(newName, newCount), Features(newCount));
        return (folder, Path.Combine(staging, CatalogFormat.DataFile), Path.Combine(staging, CatalogFormat.IndexFile));
    }

    [Theory]
    [InlineData("new", 9)]    // another length: the old index's length check alone would refuse it
    [InlineData("neu", 12)]   // the same length: only the commit stamp tells the indexes apart
    public void Killed_between_the_renames_the_new_catalog_is_read(string newName, int newCount)
    {
        var (folder, data, index) = Prepare("between-" + newName, newName, newCount);
        File.Copy(data, Path.Combine(folder, CatalogFormat.DataFile), overwrite: true);       // first rename done
        File.Copy(index, Path.Combine(folder, CatalogFormat.PendingIndexFile));               // second not yet

        Assert.True(new CatalogFolder(folder).HasCatalog);
        using var catalog = FeatureCatalog.Open(folder);
        Assert.Equal(newName, catalog.Metadata.Name);
        Assert.Equal(Features(newCount).Select(Json), catalog.ReadAll().Select(Json));
    }

    [Fact]
    public void Killed_before_the_renames_the_old_catalog_is_read()
    {
        var (folder, data, index) = Prepare("before", "new", 9);
        File.Copy(data, Path.Combine(folder, CatalogFormat.PendingDataFile));
        File.Copy(index, Path.Combine(folder, CatalogFormat.PendingIndexFile));
        using var catalog = FeatureCatalog.Open(folder);
        Assert.Equal("old", catalog.Metadata.Name);
        Assert.Equal(12, catalog.Count);
    }

    [Fact]
    public void A_first_catalog_killed_between_the_renames_is_read_and_a_mismatch_without_its_index_is_refused()
    {
        string folder = _temp.File("first");
        FeatureCatalogWriter.Write(folder, Metadata("first", 5), Features(5));
        File.Move(Path.Combine(folder, CatalogFormat.IndexFile), Path.Combine(folder, CatalogFormat.PendingIndexFile));
        Assert.True(new CatalogFolder(folder).HasCatalog);
        using (var catalog = FeatureCatalog.Open(folder)) Assert.Equal(5, catalog.Count);

        // New data with only the old index (its own lost): refused, naming the reason.
        var (mixed, data, _) = Prepare("mixed", "neu", 12);
        File.Copy(data, Path.Combine(mixed, CatalogFormat.DataFile), overwrite: true);
        var refused = Assert.Throws<InvalidInputFileException>(() => FeatureCatalog.Open(mixed));
        Assert.Contains("from different writes", refused.Message);
    }

    [Fact]
    public void A_finished_write_leaves_only_the_two_files()
    {
        string folder = _temp.File("clean");
        FeatureCatalogWriter.Write(folder, Metadata("clean", 3), Features(3));
        FeatureCatalogWriter.Write(folder, Metadata("clean", 4), Features(4));
        Assert.Equal([CatalogFormat.DataFile, CatalogFormat.IndexFile], Directory.GetFiles(folder).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        using var catalog = FeatureCatalog.Open(folder);
        Assert.Equal(4, catalog.Count);
    }
}
