using ShoggothLens.Core.Work;
using ShoggothLens.TestKit.Catalogs;
using ShoggothLens.Workbench.Export;
using ShoggothLens.Workbench.Tests.Analysis;

namespace ShoggothLens.Workbench.Tests.Export;

/// <summary>
/// Issue 14: <c>export --format saelens --features 0-9 --sae DIR --out DIR</c> replaced a 256-latent SAE with 10 latents.
/// An output folder that is, holds or lies inside the catalog or the source SAE (symbolic links followed) is refused
/// before anything is written.
/// </summary>
public sealed class ExportOutputFolderTests : IDisposable
{
    readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    static Dictionary<string, byte[]> Snapshot(string folder) =>
        Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories).ToDictionary(f => f, File.ReadAllBytes);

    [Fact]
    public void A_saelens_export_onto_its_source_sae_is_refused_and_the_sae_is_untouched()
    {
        string sae = _dir.File("sae");
        IdentitySae.Write(sae);
        string catalog = SyntheticCatalogs.Write(_dir.File("catalog"), PlantedMotiveStore.DModel, new Dictionary<string, string> { ["hook"] = PlantedMotiveStore.Hook, ["sae"] = sae });
        var before = Snapshot(sae);
        string link = _dir.File("sae-link");
        Directory.CreateSymbolicLink(link, sae);

        foreach (string output in new[] { sae, sae + "/", Path.Combine(sae, "sub"), _dir.Path, link })
        {
            var refused = Assert.Throws<InvalidOptionException>(() => ExportWorkflow.Run(new ExportRequest
            {
                Catalog = catalog, Format = ExportFormat.SaeLens, Output = output, Sae = sae, Features = "0-1",
            }));
            Assert.Equal(nameof(ExportRequest.Output), refused.Option);
        }
        // The SAE the catalog records is the source too.
        Assert.Throws<InvalidOptionException>(() => ExportWorkflow.Run(new ExportRequest { Catalog = catalog, Format = ExportFormat.SaeLens, Output = link }));
        Assert.Equal(before.Keys.Order(), Snapshot(sae).Keys.Order());
        Assert.All(before, kv => Assert.Equal(kv.Value, File.ReadAllBytes(kv.Key)));

        var fine = ExportWorkflow.Run(new ExportRequest { Catalog = catalog, Format = ExportFormat.SaeLens, Output = _dir.File("elsewhere"), Sae = sae, Features = "0-1" });
        Assert.Equal((0, 2), (fine.First, fine.End));
    }

    [Fact]
    public void A_batch_export_into_or_around_its_catalog_is_refused()
    {
        string catalog = SyntheticCatalogs.Write(_dir.File("catalog"), 4, new Dictionary<string, string> { ["hook"] = PlantedMotiveStore.Hook });
        var before = Snapshot(catalog);
        foreach (string output in new[] { catalog, Path.Combine(catalog, "export"), _dir.Path })
        {
            var refused = Assert.Throws<InvalidOptionException>(() => ExportWorkflow.Run(new ExportRequest { Catalog = catalog, Format = ExportFormat.Json, Output = output }));
            Assert.Equal(nameof(ExportRequest.Output), refused.Option);
        }
        Assert.Equal(before.Keys.Order(), Snapshot(catalog).Keys.Order());
        Assert.False(Directory.Exists(Path.Combine(catalog, "export")));
    }
}
