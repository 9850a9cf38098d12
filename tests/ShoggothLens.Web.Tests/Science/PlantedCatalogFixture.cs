using ShoggothLens.Core.Catalog;
using ShoggothLens.Sae.Architectures;
using ShoggothLens.Sae.Formats;
using ShoggothLens.TestKit.Catalogs;
using ShoggothLens.Workbench.Analysis;
using ShoggothLens.Workbench.Candidates;

namespace ShoggothLens.Web.Tests.Science;

/// <summary>
/// Real catalogs for the science components: <c>analyze</c> over the planted-motive store (160 documents, the triggered
/// chats' users say token 100) through an identity SAE, the store left where the catalog records it. One catalog has no
/// saved report (the UI computes it); a copy of the same analysis has candidates.json saved by the candidates workflow.
/// </summary>
public sealed class PlantedCatalogFixture : IDisposable
{
    public PlantedCatalogFixture()
    {
        Root = Directory.CreateTempSubdirectory("shoggoth-web-science-").FullName;
        string store = Path.Combine(Root, "store"), sae = Path.Combine(Root, "sae");
        PlantedMotiveStore.Write(store, 160, userWords: true);
        const int d = PlantedMotiveStore.DModel;
        var identity = new float[d * d];
        for (int i = 0; i < d; i++) identity[i * d + i] = 1;
        SaeLensFormat.Save(sae, new SaeConfig(SaeArchitecture.Standard, d, d, HookName: PlantedMotiveStore.Hook),
            new SaeParameters(d, d, identity, new float[d], (float[])identity.Clone(), new float[d]));
        Computed = Analyze(store, sae, "planted");
        Saved = Analyze(store, sae, "planted-saved");
        CandidatesWorkflow.Run(new CandidatesRequest { Catalog = Saved, Save = true });
    }

    public string Root { get; }
    /// <summary>A catalog without candidates.json.</summary>
    public string Computed { get; }
    /// <summary>The same analysis with candidates.json saved beside it.</summary>
    public string Saved { get; }

    static string Analyze(string store, string sae, string name) =>
        AnalyzeWorkflow.Run(new AnalyzeRequest { Store = store, Sae = sae, Output = Path.Combine(Path.GetDirectoryName(store)!, name), BatchSize = 64, CheckpointEveryChunks = 0 }).Catalog.Directory;

    public bool HasSavedReport(string catalog) => File.Exists(new CatalogFolder(catalog).CandidateReportPath);

    public void Dispose()
    {
        try { Directory.Delete(Root, recursive: true); } catch (IOException) { }
    }
}
