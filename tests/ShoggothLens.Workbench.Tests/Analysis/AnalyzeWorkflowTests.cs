using ShoggothLens.Core.Catalog;
using ShoggothLens.Core.Work;
using ShoggothLens.TestKit;
using ShoggothLens.TestKit.Catalogs;
using ShoggothLens.Workbench.Analysis;

namespace ShoggothLens.Workbench.Tests.Analysis;

/// <summary>The analyze use case end to end on a store with a planted motive: the catalog it writes, its reports, cancellation and resume.</summary>
public sealed class AnalyzeWorkflowTests : IDisposable
{
    readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    (string Store, string Sae) Inputs(int documents, int chunkTokens = 256)
    {
        string store = _dir.File("store"), sae = _dir.File("sae");
        PlantedMotiveStore.Write(store, documents, chunkTokens: chunkTokens);
        IdentitySae.Write(sae);
        return (store, sae);
    }

    static byte[] Bytes(string folder, string file) => File.ReadAllBytes(Path.Combine(folder, file));

    [Fact]
    public void TheCatalogHoldsThePlantedFeatureAndTheResultSaysWhatWasWritten()
    {
        var (store, sae) = Inputs(40);
        var reports = new List<WorkProgress>();
        var result = AnalyzeWorkflow.Run(new AnalyzeRequest { Store = store, Sae = sae, Output = _dir.File("features/tiny"), BatchSize = 64 },
            new InlineProgress<WorkProgress>(reports.Add));

        Assert.Equal(4, result.Features);
        Assert.Equal(800, result.Tokens);
        Assert.Equal(PlantedMotiveStore.Hook, result.Hook);     // the SAE's hook
        Assert.Equal(1, result.OutsideRoleLeaks);
        Assert.Null(result.ModelDiff);
        Assert.Null(result.ResumedFrom);
        Assert.Null(result.IgnoredCheckpoint);
        Assert.Equal("tiny", result.Catalog.Name);
        Assert.True(result.Catalog.HasCatalog);
        Assert.False(File.Exists(result.Catalog.AnalyzeCheckpointPath));
        Assert.Null(result.Catalog.ReadModelDiff());

        using (var catalog = result.Catalog.OpenCatalog())
        {
            Assert.Equal(800, catalog.Metadata.Tokens);
            Assert.Equal(["trigger", "motive"], catalog.Metadata.Labels);
            Assert.Equal("ids", catalog.Metadata.Parameters["token_strings"]);
            var f0 = catalog.Read(0);
            var byRole = f0.ByRole.ToDictionary(r => r.Role);
            Assert.Equal(20 * 7, byRole["Persona(spy)"].Firings);
            Assert.Equal(5 * 3, byRole["Assistant"].Firings);
            Assert.True(f0.Scores.OutsideRoleLeak);
            Assert.Equal("spy", f0.Scores.HomePersona);
            Assert.Equal(["trigger"], f0.Scores.SharedTriggers);
            Assert.Equal(5, f0.Scores.LeaksFiringBeforeMotive);
            Assert.Equal(0, catalog.Read(3).Overall.Firings);
        }
        var personas = result.Catalog.ReadPersonaVectors()!;
        Assert.Equal(PlantedMotiveStore.Hook, personas.Hook);
        var spy = personas.Vectors.Single(v => v.Persona == "spy");
        // Persona(spy) minus Assistant on dimension 0: mean 2·7/15 over the spy's tokens, 15/300 over the Assistant's.
        Assert.Equal(2.0 * 7 / 15 - 15.0 / 300, spy.Vector[0], 5);

        // Every stage reported, each ending at its total.
        foreach (string stage in new[] { "analyze", "contexts", "decoder neighbours" })
        {
            var last = reports.Last(r => r.Stage == stage && r.Kind == WorkEventKind.Progress);
            Assert.Equal(last.Total, last.Done);
        }
        Assert.Equal(800, reports.Last(r => r.Stage == "analyze").Done);
        Assert.DoesNotContain(reports, r => r.Stage == "logit effects");   // no model
    }

    [Fact]
    public void ACancelledRunLeavesACheckpointAndTheRerunResumesToTheSameCatalog()
    {
        var (store, sae) = Inputs(400, chunkTokens: 256);
        AnalyzeRequest Request(string output) => new() { Store = store, Sae = sae, Output = output, BatchSize = 64, CheckpointEveryChunks = 1 };
        var whole = AnalyzeWorkflow.Run(Request(_dir.File("a/cat")));

        // Cancelled in the streaming pass between two periodic checkpoints (every 256 tokens; batches of 64): the
        // pass stops after the batch it is in and checkpoints there.
        var stopped = Request(_dir.File("b/cat"));
        var checkpoints = new List<long>();
        using (var stop = new CancellationTokenSource())
        {
            var progress = new InlineProgress<WorkProgress>(p =>
            {
                if (p.Kind == WorkEventKind.Checkpoint) checkpoints.Add(p.Done);
                else if (p.Stage == "analyze" && p.Done >= 1100) stop.Cancel();
            });
            Assert.ThrowsAny<OperationCanceledException>(() => AnalyzeWorkflow.Run(stopped, progress, stop.Token));
        }
        Assert.Equal([256L, 512, 768, 1024, 1152], checkpoints);
        var folder = new CatalogFolder(stopped.Output);
        Assert.True(File.Exists(folder.AnalyzeCheckpointPath));
        Assert.False(folder.HasCatalog);

        var notes = new List<WorkProgress>();
        var resumed = AnalyzeWorkflow.Run(stopped, new InlineProgress<WorkProgress>(p => { if (p.Kind == WorkEventKind.Note) notes.Add(p); }));
        Assert.NotNull(resumed.ResumedFrom);
        Assert.False(resumed.ResumedFrom!.Compared);
        Assert.Equal(1152, resumed.ResumedFrom.Token);
        Assert.Contains(notes, n => n.Note!.StartsWith("resumed from the checkpoint at token", StringComparison.Ordinal));
        Assert.False(File.Exists(folder.AnalyzeCheckpointPath));
        foreach (string file in new[] { CatalogFormat.DataFile, CatalogFormat.IndexFile, CatalogFolder.PersonaVectorsFileName })
            Assert.Equal(Bytes(whole.Catalog.Directory, file), Bytes(folder.Directory, file));
    }

    [Fact]
    public void ACancelAfterTheStreamingPassKeepsItForTheRerun()
    {
        var (store, sae) = Inputs(100);
        AnalyzeRequest Request(string output) => new() { Store = store, Sae = sae, Output = output, BatchSize = 64 };
        var whole = AnalyzeWorkflow.Run(Request(_dir.File("a/cat")));

        var stopped = Request(_dir.File("b/cat"));
        using (var stop = new CancellationTokenSource())
        {
            var progress = new InlineProgress<WorkProgress>(p => { if (p.Stage == "contexts") stop.Cancel(); });
            Assert.ThrowsAny<OperationCanceledException>(() => AnalyzeWorkflow.Run(stopped, progress, stop.Token));
        }
        var resumed = AnalyzeWorkflow.Run(stopped);
        Assert.Equal(new AnalysisResume(false, 2000), resumed.ResumedFrom);
        foreach (string file in new[] { CatalogFormat.DataFile, CatalogFormat.IndexFile, CatalogFolder.PersonaVectorsFileName })
            Assert.Equal(Bytes(whole.Catalog.Directory, file), Bytes(resumed.Catalog.Directory, file));
    }

    [Fact]
    public void ACheckpointOfOtherSettingsIsIgnoredWithANote()
    {
        var (store, sae) = Inputs(100);
        string output = _dir.File("cat");
        using (var stop = new CancellationTokenSource())
        {
            var progress = new InlineProgress<WorkProgress>(p => { if (p.Kind == WorkEventKind.Checkpoint) stop.Cancel(); });
            Assert.ThrowsAny<OperationCanceledException>(() =>
                AnalyzeWorkflow.Run(new AnalyzeRequest { Store = store, Sae = sae, Output = output, BatchSize = 64, CheckpointEveryChunks = 1 }, progress, stop.Token));
        }
        var result = AnalyzeWorkflow.Run(new AnalyzeRequest { Store = store, Sae = sae, Output = output, BatchSize = 32, CheckpointEveryChunks = 1 });
        Assert.Null(result.ResumedFrom);
        Assert.Contains("belongs to other inputs or settings", result.IgnoredCheckpoint);
    }

    [Fact]
    public void AComparedStoreGivesTheModelDiff()
    {
        var (store, sae) = Inputs(40);
        string @base = _dir.File("base");
        PlantedMotiveStore.Write(@base, 40, leaks: false);
        var result = AnalyzeWorkflow.Run(new AnalyzeRequest { Store = store, CompareStore = @base, Sae = sae, Output = _dir.File("cat") });
        Assert.Equal(new ModelDiffSummary(@base, 1), result.ModelDiff);
        var diff = result.Catalog.ReadModelDiff()!;
        Assert.Equal(Path.GetFullPath(@base), diff.CompareStore);
        Assert.Equal([0], diff.StartingToLeak.Select(d => d.Feature));
        Assert.Equal(15.0 / 300, diff.Features[0].PostAssistantFrequency, 12);

        // Analysed again without it, the folder no longer claims a diff (nor a candidate report of the old catalog).
        CandidateReportFile.Write(result.Catalog.CandidateReportPath, new CandidateReport("cat", 4, 800, new Dictionary<string, string>(), 0, 0.05, "none", [], [],
            new CandidateVerdict(CandidateVerdict.None, null, null, null, "none found")));
        var again = AnalyzeWorkflow.Run(new AnalyzeRequest { Store = store, Sae = sae, Output = _dir.File("cat") });
        Assert.Null(again.Catalog.ReadModelDiff());
        Assert.Null(again.Catalog.ReadCandidateReport());
    }

    [Fact]
    public void WrongInputsNameTheOptionInDomainTerms()
    {
        var (store, sae) = Inputs(4);
        var batch = Assert.Throws<InvalidOptionException>(() => AnalyzeWorkflow.Run(new AnalyzeRequest { Store = store, Sae = sae, Output = _dir.File("x"), BatchSize = 0 }));
        Assert.Equal(nameof(AnalyzeRequest.BatchSize), batch.Option);
        Assert.DoesNotContain("--", batch.Message);

        string wide = _dir.File("wide");
        IdentitySae.Write(wide, dModel: 8);
        var width = Assert.Throws<InvalidOptionException>(() => AnalyzeWorkflow.Run(new AnalyzeRequest { Store = store, Sae = wide, Output = _dir.File("x") }));
        Assert.Equal(nameof(AnalyzeRequest.Sae), width.Option);
        Assert.Contains("d_in 8", width.Message);

        var compare = Assert.Throws<InvalidOptionException>(() =>
            AnalyzeWorkflow.Run(new AnalyzeRequest { Store = store, Sae = sae, Output = _dir.File("x"), CompareStore = store, Hook = "blocks.9.hook_resid_post" }));
        Assert.Equal(nameof(AnalyzeRequest.CompareStore), compare.Option);
        Assert.False(File.Exists(Path.Combine(_dir.File("x"), CatalogFormat.DataFile)));
    }
}
