using System.Text.Json;
using ShoggothLens.Core.Analysis;
using ShoggothLens.Core.Catalog;
using ShoggothLens.Core.Formats;
using ShoggothLens.Core.Work;
using ShoggothLens.TestKit;
using ShoggothLens.TestKit.Catalogs;
using ShoggothLens.Workbench.Analysis;
using ShoggothLens.Workbench.Candidates;
using ShoggothLens.Workbench.Tests.Analysis;

namespace ShoggothLens.Workbench.Tests.Candidates;

/// <summary>The candidates use case: the report of a planted catalog, its JSON field names, and the saved file read back.</summary>
public sealed class CandidatesWorkflowTests : IDisposable
{
    readonly TempDirectory _dir = new();
    readonly string _catalog;

    public CandidatesWorkflowTests()
    {
        string store = _dir.File("store"), sae = _dir.File("sae");
        PlantedMotiveStore.Write(store, 40);
        IdentitySae.Write(sae);
        _catalog = AnalyzeWorkflow.Run(new AnalyzeRequest { Store = store, Sae = sae, Output = _dir.File("tiny") }).Catalog.Directory;
    }

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void TheReportRanksThePlantedFeatureWithItsEvidence()
    {
        var report = CandidatesWorkflow.Run(new CandidatesRequest { Catalog = _catalog });
        Assert.Equal("tiny", report.Catalog);
        Assert.Equal(4, report.Features);
        Assert.Equal(800, report.Tokens);
        Assert.Equal("0.99", report.Parameters["confidence"]);
        var c = Assert.Single(report.Candidates);
        Assert.Equal(1, c.Rank);
        Assert.Equal(0, c.Feature);
        Assert.Equal("spy", c.HomePersona);
        Assert.Equal(15.0 / 300, c.AssistantFrequency, 12);
        Assert.Equal(c.AssistantLowerBound - 1e-3, c.Evidence, 12);
        Assert.Equal(5, c.LeakDocuments);
        Assert.Equal(["trigger"], c.SharedTriggers);
        Assert.Equal(5, c.LeaksFiringBeforeMotive);
        Assert.Equal([1L, 9, 17, 25, 33], c.Leaks.Select(l => l.Document));
        Assert.All(c.Leaks, l => Assert.Equal((3, 1f, 8, 16), (l.Firings, l.Max, l.FirstPosition, l.MotiveStart)));
        Assert.Equal(["motive", "trigger"], c.LeakLabels.Select(l => l.Label).Order());
        Assert.All(c.LeakLabels, l => Assert.Equal((5, 1.0), (l.Documents, l.Share)));
        Assert.False(File.Exists(new CatalogFolder(_catalog).CandidateReportPath));   // not saved unless asked
    }

    [Fact]
    public void TheJsonKeepsTheFieldNamesOfCandidatesJson()
    {
        var report = CandidatesWorkflow.Run(new CandidatesRequest { Catalog = _catalog, Top = 5 });
        using var json = JsonDocument.Parse(CandidateReportFile.ToJson(report));
        var root = json.RootElement;
        Assert.Equal(["catalog", "features", "tokens", "parameters", "candidates"], root.EnumerateObject().Select(p => p.Name));
        var candidate = root.GetProperty("candidates")[0];
        Assert.Equal(["rank", "feature", "evidence", "assistant_lower_bound", "assistant_frequency", "assistant_affinity", "home_persona", "leak_documents",
            "shared_triggers", "leak_labels", "leaks_with_motive", "leaks_firing_before_motive", "leaks"], candidate.EnumerateObject().Select(p => p.Name));
        Assert.Equal(["label", "documents", "share"], candidate.GetProperty("leak_labels")[0].EnumerateObject().Select(p => p.Name));
        Assert.Equal(["document", "firings", "max", "first_position", "motive_start", "labels"], candidate.GetProperty("leaks")[0].EnumerateObject().Select(p => p.Name));
        Assert.Equal("1", candidate.GetProperty("leaks")[0].GetProperty("max").GetRawText());   // a float stays a float ("1", not "1.0")
    }

    [Fact]
    public void ASavedReportReadsBackAsWritten()
    {
        var reports = new List<WorkProgress>();
        var report = CandidatesWorkflow.Run(new CandidatesRequest { Catalog = _catalog, Order = HiddenMotiveRanking.Order.SharedTrigger, Save = true },
            new InlineProgress<WorkProgress>(reports.Add));
        Assert.Equal((4L, 4L), (reports[^1].Done, reports[^1].Total));
        var folder = new CatalogFolder(_catalog);
        var read = folder.ReadCandidateReport()!;
        Assert.Equal(CandidateReportFile.ToJson(report), CandidateReportFile.ToJson(read));
        Assert.Equal(report.Candidates[0].SharedTriggers, read.Candidates[0].SharedTriggers);

        File.WriteAllText(folder.CandidateReportPath, "{\"catalog\": \"x\", \"candidates\": [{\"rank\": \"one\"}]}");
        Assert.Throws<InvalidInputFileException>(() => folder.ReadCandidateReport());
        File.WriteAllText(folder.CandidateReportPath, "{\"catalog\": \"x\"}");
        Assert.Throws<InvalidInputFileException>(() => folder.ReadCandidateReport());
    }

    [Fact]
    public void AskingForNoCandidatesIsAnOptionError()
    {
        var e = Assert.Throws<InvalidOptionException>(() => CandidatesWorkflow.Run(new CandidatesRequest { Catalog = _catalog, Top = 0 }));
        Assert.Equal(nameof(CandidatesRequest.Top), e.Option);
        Assert.Throws<InvalidInputFileException>(() => CandidatesWorkflow.Run(new CandidatesRequest { Catalog = _dir.File("none") }));
    }
}
