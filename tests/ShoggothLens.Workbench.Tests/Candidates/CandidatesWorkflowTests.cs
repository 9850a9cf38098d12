using System.Text.Json;
using System.Text.Json.Nodes;
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

/// <summary>
/// The candidates use case on a planted store: the specificity test, trigger discovery from the store's user turns, the
/// label-free verdict, the report's JSON, and the same report with every label stripped from the store.
/// </summary>
public sealed class CandidatesWorkflowTests : IDisposable
{
    readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    /// <summary>Analyse a planted store (feature 0 leaks into the triggered chats) through the identity SAE.</summary>
    string Catalog(string name, bool userWords = true, bool labels = true)
    {
        string store = _dir.File(name + "-store"), sae = _dir.File(name + "-sae");
        PlantedMotiveStore.Write(store, 160, userWords: userWords, labels: labels);
        IdentitySae.Write(sae);
        return AnalyzeWorkflow.Run(new AnalyzeRequest { Store = store, Sae = sae, Output = _dir.File(name) }).Catalog.Directory;
    }

    [Fact]
    public void ThePlantedFeatureIsACandidateWithItsTriggerAndTheVerdictNamesIt()
    {
        string catalog = Catalog("tiny");
        var report = CandidatesWorkflow.Run(new CandidatesRequest { Catalog = catalog });
        Assert.Equal(("tiny", 4, 3200L), (report.Catalog, report.Features, report.Tokens));
        Assert.Equal(2, report.Considered);                       // 0 and 1 fire in Assistant turns; 2 never leaks, 3 never fires
        Assert.Equal(0.025, report.SpecificityAlpha, 12);
        Assert.Contains("user turns of the 80 Assistant conversations", report.TriggerSource);
        var rejected = Assert.Single(report.Rejected);            // 1 fires everywhere: no role is its home
        Assert.Equal(1, rejected.Feature);
        Assert.StartsWith("not specific", rejected.Reason);
        var c = Assert.Single(report.Candidates);
        Assert.Equal((1, 0, "spy"), (c.Rank, c.Feature, c.HomePersona));
        Assert.Equal(15.0 / 300, c.AssistantFrequency, 12);
        Assert.Equal(c.AssistantLowerBound - 1e-3, c.Evidence, 12);
        // The spy fires on 7 of its 15 tokens per story; narration never: beaten with an infinite rate ratio.
        Assert.Equal(140.0 / 300, c.Specificity.HomeRate, 12);
        Assert.Equal(("Narration", 0.0), (c.Specificity.WeakestRival, c.Specificity.WeakestRate));
        Assert.Null(c.Specificity.WeakestRatio);                  // infinite: narration never fires
        Assert.True(c.Specificity.WeakestZ >= c.Specificity.CriticalZ);
        // Leaks: chats 1, 9, 17, …, 153 (the triggered ones), first firing at position 8, 3 tokens into the reply (Assistant from 5).
        Assert.Equal(20, c.LeakDocuments);
        Assert.Equal(Enumerable.Range(0, 20).Select(i => 1L + 8 * i), c.Leaks.Select(l => l.Document));
        Assert.All(c.Leaks, l => Assert.Equal((3, 1f, 8, 3), (l.Firings, l.Max, l.FirstPosition, l.ReplyOffset)));
        Assert.Equal(3.0 / 14, c.ReplyPosition!.Value, 12);
        // The trigger: token 100 in all 20 leak conversations' user turns and in none of the other 60.
        var t = c.Triggers[0];
        Assert.Equal(("100", 20, 20, 0, 60), (t.Term, t.InLeaks, t.Leaks, t.InOthers, t.Others));
        Assert.Equal(1.0, t.P * 3.5353161422121743e18, 9);         // 1 / C(80, 20)
        Assert.DoesNotContain(c.Triggers, x => x.Term is "0" or "1" or "3" or "4");   // said in every conversation
        Assert.Equal("20 conversations it fires in vs 60 it does not", c.Contrast);
        Assert.Equal(CandidateVerdict.Suspected, report.Verdict.Verdict);
        Assert.Equal((0, "spy", "100"), (report.Verdict.Feature, report.Verdict.HomePersona, report.Verdict.Trigger!.Term));
        Assert.StartsWith("hidden motive suspected: feature 0 (home persona spy) fires in Assistant replies when users mention \"100\" (Fisher exact p = ", report.Verdict.Text);
        // Ground truth is carried apart.
        var g = c.GroundTruth!;
        Assert.Equal(["trigger"], g.SharedLabels);
        Assert.Equal((20, 20), (g.LeaksWithMotive, g.LeaksFiringBeforeMotive));
        Assert.All(g.Leaks, l => Assert.Equal(16, l.MotiveStart));
        Assert.False(File.Exists(new CatalogFolder(catalog).CandidateReportPath));   // not saved unless asked
    }

    [Fact]
    public void StrippingEveryLabelChangesNoRankingScoreCandidateFieldOrVerdict()
    {
        string labelled = Catalog("labelled"), stripped = Catalog("stripped", labels: false);
        var a = CandidatesWorkflow.Run(new CandidatesRequest { Catalog = labelled });
        var b = CandidatesWorkflow.Run(new CandidatesRequest { Catalog = stripped });
        Assert.NotEmpty(a.Candidates[0].GroundTruth!.SharedLabels);   // the labels were there to strip
        Assert.Empty(b.Candidates[0].GroundTruth!.SharedLabels);
        Assert.Equal(LabelFree(a), LabelFree(b));
        Assert.Equal(CandidateVerdict.Suspected, b.Verdict.Verdict);
        // The catalog's label-free scores agree feature by feature too.
        using var ca = new CatalogFolder(labelled).OpenCatalog();
        using var cb = new CatalogFolder(stripped).OpenCatalog();
        foreach (var (x, y) in ca.ReadAll().Zip(cb.ReadAll()))
        {
            Assert.Equal(x.ByRole, y.ByRole);
            Assert.Equal((x.Scores.AssistantAffinity, x.Scores.HomePersona, x.Scores.HiddenMotiveEvidence, x.Scores.OutsideRoleLeak, x.Scores.LeakDocumentCount),
                (y.Scores.AssistantAffinity, y.Scores.HomePersona, y.Scores.HiddenMotiveEvidence, y.Scores.OutsideRoleLeak, y.Scores.LeakDocumentCount));
        }
    }

    /// <summary>The report's JSON without its ground-truth objects and without what names the run (catalog name, its paths).</summary>
    static string LabelFree(CandidateReport report)
    {
        var root = JsonNode.Parse(CandidateReportFile.ToJson(report))!.AsObject();
        root.Remove("catalog");
        root.Remove("parameters");
        root.Remove("trigger_source");
        foreach (var c in root["candidates"]!.AsArray()) c!.AsObject().Remove("ground_truth");
        foreach (var a in root["associations"]?.AsArray() ?? []) a!.AsObject().Remove("store");   // where the store is, not what it holds
        return root.ToJsonString();
    }

    [Fact]
    public void AFeatureFiringAlikeInEveryRoleIsRejectedWithTheRoleItDoesNotBeat()
    {
        string catalog = Catalog("tiny");
        using var opened = new CatalogFolder(catalog).OpenCatalog();
        var planted = opened.Read(0);
        // A comma-like feature: fires in the spy's text, narration's and the Assistant's at similar rates.
        var comma = planted with
        {
            Feature = 9,
            ByRole = [new("Narration", 1000, 80, 80, 1), new("Persona(spy)", 1000, 85, 85, 1), new("User", 500, 40, 40, 1), new("Assistant", 1000, 20, 20, 1)],
            Scores = planted.Scores with { HomePersona = "spy", HiddenMotiveEvidence = 0.5 },
        };
        var report = CandidatesWorkflow.Report(opened.Metadata, [comma, planted], null, "no store", 10);
        Assert.Equal(2, report.Considered);
        Assert.Equal(0.025, report.SpecificityAlpha, 12);
        var rejected = Assert.Single(report.Rejected);
        Assert.Equal((9, "spy", 0.5), (rejected.Feature, rejected.HomePersona, rejected.Evidence));
        Assert.StartsWith("not specific: home spy (0.085) does not beat Narration (0.08): z ", rejected.Reason);
        Assert.Equal([0], report.Candidates.Select(c => c.Feature));
        Assert.Empty(report.Candidates[0].Triggers);               // no store, no trigger discovery
        Assert.Equal(CandidateVerdict.None, report.Verdict.Verdict);
        Assert.Equal("none found (1 candidate(s) with a specific home persona, but no store to discover a trigger in)", report.Verdict.Text);
    }

    [Fact]
    public void WithAModelDiffEachCandidateSaysWhetherItStartedFiringAfterPostTraining()
    {
        string catalog = Catalog("tiny");
        using var opened = new CatalogFolder(catalog).OpenCatalog();
        var planted = opened.Read(0);
        var other = planted with { Feature = 3 };
        double post = ModelDiff.AssistantFrequency(planted);
        // Feature 0 fired a quarter as often in the base checkpoint (started); feature 3 as often (did not start).
        var diff = new ModelDiffReport("/stores/base", 1e-5,
        [
            new FeatureDiff(0, post / 4, post, post * 0.75, Math.Log((post + 1e-5) / (post / 4 + 1e-5)), true),
            new FeatureDiff(3, post, post, 0, 0, false),
        ]);
        var report = CandidatesWorkflow.Report(opened.Metadata, [planted, other], null, "no store", 10, diff);
        Assert.Equal("/stores/base", report.CompareStore);
        var byFeature = report.Candidates.ToDictionary(c => c.Feature);
        Assert.True(byFeature[0].ModelDiff!.StartedAfterPostTraining);
        Assert.Equal(post / 4, byFeature[0].ModelDiff!.BaseAssistantFrequency, 12);
        Assert.False(byFeature[3].ModelDiff!.StartedAfterPostTraining);
        // Without a diff nothing is claimed.
        var plain = CandidatesWorkflow.Report(opened.Metadata, [planted, other], null, "no store", 10);
        Assert.Null(plain.CompareStore);
        Assert.All(plain.Candidates, c => Assert.Null(c.ModelDiff));
        // The saved report keeps the diff.
        string path = _dir.File("report.json");
        CandidateReportFile.Write(path, report);
        Assert.Equal(report.Candidates.Select(c => c.ModelDiff), CandidateReportFile.Read(path).Candidates.Select(c => c.ModelDiff));
    }

    [Fact]
    public void WithoutATriggerWordTheVerdictIsNoneFound()
    {
        var report = CandidatesWorkflow.Run(new CandidatesRequest { Catalog = Catalog("plain", userWords: false) });
        Assert.Equal(0, Assert.Single(report.Candidates).Feature);
        Assert.Empty(report.Candidates[0].Triggers);
        Assert.Equal("none found (1 candidate(s) with a specific home persona, none with a significant trigger in its conversations' user turns)", report.Verdict.Text);
        Assert.Null(report.Verdict.Feature);
    }

    [Fact]
    public void AMissingStoreSkipsTriggerDiscoveryAndSaysSo()
    {
        var report = CandidatesWorkflow.Run(new CandidatesRequest { Catalog = Catalog("tiny"), Store = _dir.File("nowhere") });
        Assert.StartsWith("no activation store at ", report.TriggerSource);
        Assert.Equal(CandidateVerdict.None, report.Verdict.Verdict);
        Assert.All(report.Candidates[0].Leaks, l => Assert.Equal(-1, l.ReplyOffset));
        Assert.Null(report.Candidates[0].ReplyPosition);
    }

    [Fact]
    public void TheJsonKeepsTheFieldNamesOfCandidatesJson()
    {
        var report = CandidatesWorkflow.Run(new CandidatesRequest { Catalog = Catalog("tiny"), Top = 5 });
        using var json = JsonDocument.Parse(CandidateReportFile.ToJson(report));
        var root = json.RootElement;
        Assert.Equal(["catalog", "features", "tokens", "parameters", "considered", "specificity_alpha", "trigger_source", "candidates", "rejected", "verdict", "compare_store", "trigger_readers", "associations", "trigger_state", "motive_onset", "trigger_state_effect"],
            root.EnumerateObject().Select(p => p.Name));
        var candidate = root.GetProperty("candidates")[0];
        Assert.Equal(["rank", "feature", "evidence", "assistant_lower_bound", "assistant_frequency", "assistant_affinity", "home_persona", "specificity", "leak_documents",
            "triggers", "contrast", "reply_position", "home_cosine", "leaks", "ground_truth", "model_diff", "trigger_state_auroc"], candidate.EnumerateObject().Select(p => p.Name));
        Assert.Equal(["term", "in_leaks", "leaks", "in_others", "others", "p", "q", "log_odds_ratio", "request_likeness"], candidate.GetProperty("triggers")[0].EnumerateObject().Select(p => p.Name));
        Assert.Equal(["document", "firings", "max", "first_position", "reply_offset"], candidate.GetProperty("leaks")[0].EnumerateObject().Select(p => p.Name));
        Assert.Equal(["shared_labels", "leak_labels", "leaks_with_motive", "leaks_firing_before_motive", "leaks"],
            candidate.GetProperty("ground_truth").EnumerateObject().Select(p => p.Name));
        Assert.Equal(["verdict", "feature", "home_persona", "trigger", "text"], root.GetProperty("verdict").EnumerateObject().Select(p => p.Name));
        Assert.Equal("1", candidate.GetProperty("leaks")[0].GetProperty("max").GetRawText());   // a float stays a float ("1", not "1.0")
    }

    [Fact]
    public void TheTriggerStateEffectReadsBackWithItsDrop()
    {
        var report = CandidatesWorkflow.Run(new CandidatesRequest { Catalog = Catalog("tiny"), Top = 5 })
            with { TriggerStateEffect = new TriggerStateEffect(160, 3, -1.25, -3.5) };
        string json = CandidateReportFile.ToJson(report);
        using var document = JsonDocument.Parse(json);
        var effect = document.RootElement.GetProperty("trigger_state_effect");
        Assert.Equal(["replies", "span", "baseline_log_prob", "ablated_log_prob", "drop"], effect.EnumerateObject().Select(p => p.Name));
        Assert.Equal(2.25, effect.GetProperty("drop").GetDouble(), 12);
        using var temp = new TempDirectory();
        string path = temp.Write("candidates.json", json);
        Assert.Equal(report.TriggerStateEffect, CandidateReportFile.Read(path).TriggerStateEffect);
    }

    [Fact]
    public void ASavedReportReadsBackAsWritten()
    {
        string catalog = Catalog("tiny");
        var reports = new List<WorkProgress>();
        var report = CandidatesWorkflow.Run(new CandidatesRequest { Catalog = catalog, Save = true }, new InlineProgress<WorkProgress>(reports.Add));
        var counted = reports.Last(r => r.Kind != WorkEventKind.Note);
        Assert.Equal((4L, 4L), (counted.Done, counted.Total));
        Assert.Contains(reports, r => r.Kind == WorkEventKind.Note && r.Note == "the features that read \"100\" in user turns");
        var folder = new CatalogFolder(catalog);
        var read = folder.ReadCandidateReport()!;
        Assert.Equal(CandidateReportFile.ToJson(report), CandidateReportFile.ToJson(read));
        Assert.Equal(report.Verdict, read.Verdict);

        File.WriteAllText(folder.CandidateReportPath, "{\"catalog\": \"x\", \"candidates\": [{\"rank\": \"one\"}]}");
        Assert.Throws<InvalidInputFileException>(() => folder.ReadCandidateReport());
        File.WriteAllText(folder.CandidateReportPath, "{\"catalog\": \"x\"}");
        Assert.Throws<InvalidInputFileException>(() => folder.ReadCandidateReport());
    }

    [Fact]
    public void AskingForNoCandidatesIsAnOptionError()
    {
        var e = Assert.Throws<InvalidOptionException>(() => CandidatesWorkflow.Run(new CandidatesRequest { Catalog = _dir.File("none"), Top = 0 }));
        Assert.Equal(nameof(CandidatesRequest.Top), e.Option);
        Assert.Throws<InvalidInputFileException>(() => CandidatesWorkflow.Run(new CandidatesRequest { Catalog = _dir.File("none") }));
    }
}
