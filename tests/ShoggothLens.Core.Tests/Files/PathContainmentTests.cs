using ShoggothLens.Core.ActivationStore;
using ShoggothLens.Core.Catalog;
using ShoggothLens.Core.Export;
using ShoggothLens.Core.Files;
using ShoggothLens.Core.Formats;

namespace ShoggothLens.Core.Tests.Files;

/// <summary>
/// Issue 14, item 3: whatever a manifest, index or catalog names (<c>../</c>, absolute paths, symbolic links), nothing of
/// our own formats is read or written outside its folder. Manifest chunk names must be the fixed
/// <c>chunks/chunk-NNNNNN.bin</c>; files of a store or catalog that resolve outside the folder are refused; writes go
/// through temp + rename, which replaces a planted link instead of writing through it.
/// </summary>
public sealed class PathContainmentTests : IDisposable
{
    const string Hook = "blocks.0.hook_resid_post";
    readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    string Store(string name)
    {
        string store = _temp.File(name);
        SyntheticStores.WriteSparse(store, Hook, dModel: 8, documents: 4, tokensPerDocument: 32, seed: 1);
        return store;
    }

    [Theory]
    [InlineData("../outside.bin")]
    [InlineData("/etc/passwd")]
    [InlineData("chunks/../../outside.bin")]
    public void A_manifest_naming_a_file_outside_the_store_is_refused(string name)
    {
        string store = Store("s");
        string manifest = Path.Combine(store, StoreManifest.FileName);
        string text = File.ReadAllText(manifest);
        File.WriteAllText(manifest, text.Replace("\"chunks/chunk-000000.bin\"", System.Text.Json.JsonSerializer.Serialize(name)));
        var e = Assert.Throws<InvalidInputFileException>(() => ActivationStoreReader.Open(store));
        Assert.Equal(manifest, e.FilePath);
    }

    [Fact]
    public void A_chunk_linked_to_a_file_outside_the_store_is_not_read()
    {
        string store = Store("s");
        string chunk = Path.Combine(store, "chunks", "chunk-000000.bin");
        string outside = _temp.File("elsewhere.bin");
        File.Move(chunk, outside);
        File.CreateSymbolicLink(chunk, outside);
        var reader = ActivationStoreReader.Open(store);
        var e = Assert.Throws<InvalidInputFileException>(() => reader.OpenChunk(0).Dispose());
        Assert.Contains("leads outside", e.Message);
    }

    [Fact]
    public void A_store_whose_chunks_folder_links_outside_is_not_written()
    {
        string outside = Directory.CreateDirectory(_temp.File("elsewhere")).FullName;
        string store = Directory.CreateDirectory(_temp.File("linked")).FullName;
        Directory.CreateSymbolicLink(Path.Combine(store, "chunks"), outside);
        Assert.Throws<InvalidInputFileException>(() => SyntheticStores.WriteSparse(store, Hook, dModel: 8, documents: 4, tokensPerDocument: 32, seed: 1));
        Assert.Empty(Directory.EnumerateFileSystemEntries(outside));
    }

    [Fact]
    public void A_catalog_file_linked_outside_its_folder_is_refused()
    {
        string catalog = _temp.File("catalog");
        FeatureCatalogWriter.Write(catalog, new CatalogMetadata("c", 3, 10, ["User"], [], new Dictionary<string, string>()), Export.ExportCatalogs.Basic(3));
        string data = Path.Combine(catalog, CatalogFormat.DataFile), outside = _temp.File("catalog.bin");
        File.Move(data, outside);
        File.CreateSymbolicLink(data, outside);
        var e = Assert.Throws<InvalidInputFileException>(() => FeatureCatalog.Open(catalog).Dispose());
        Assert.Contains("leads outside", e.Message);
    }

    [Fact]
    public void An_export_replaces_a_planted_link_among_its_batch_files_instead_of_writing_through_it()
    {
        string catalogDir = _temp.File("catalog");
        FeatureCatalogWriter.Write(catalogDir, new CatalogMetadata("c", 4, 10, ["User"], [], new Dictionary<string, string>()), Export.ExportCatalogs.Basic(4));
        string output = Directory.CreateDirectory(_temp.File("out")).FullName;
        string victim = _temp.Write("victim.txt", "keep me");
        File.CreateSymbolicLink(Path.Combine(output, "batch-0.csv"), victim);
        using (var catalog = FeatureCatalog.Open(catalogDir))
            BatchExporter.Run(catalog, output, new ScoreCsvFormat(CandidateSet.Empty), new BatchPlan(0, 4, 2), 0, 1);
        Assert.Equal("keep me", File.ReadAllText(victim));
        Assert.Null(new FileInfo(Path.Combine(output, "batch-0.csv")).LinkTarget);
        Assert.All(Directory.GetFiles(output), f => Assert.Equal(output, Path.GetDirectoryName(f)));
    }
}
