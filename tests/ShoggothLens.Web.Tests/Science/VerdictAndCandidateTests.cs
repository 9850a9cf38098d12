using ShoggothLens.Core.Catalog;
using ShoggothLens.TestKit.WebCatalogs;
using ShoggothLens.Web.Components.Charts;
using ShoggothLens.Web.Components.Pages;
using ShoggothLens.Web.Components.Science;
using ShoggothLens.Workbench.Browse;
using ShoggothLens.Workbench.Candidates;

namespace ShoggothLens.Web.Tests.Science;

/// <summary>
/// The verdict on / and "Candidate?" on the feature page, over real catalogs (analyze over the planted store): what they
/// show is the candidates workflow's report, saved or computed once per catalog, with the labels kept apart.
/// </summary>
public sealed class VerdictAndCandidateTests(PlantedCatalogFixture planted, SyntheticCatalogFixture synthetic)
    : IClassFixture<PlantedCatalogFixture>, IClassFixture<SyntheticCatalogFixture>
{
    static IRenderedComponent<Home> RenderHome(BunitContext ctx, string id)
    {
        ctx.Navigate($"?catalog={id}");
        return ctx.Render<Home>();
    }

    IRenderedComponent<Feature> RenderFeature(BunitContext ctx, int feature)
    {
        ctx.Navigate($"features/{feature}?catalog=planted");
        return ctx.Render<Feature>(p => p.Add(f => f.Id, feature));
    }

    [Fact]
    public async Task The_verdict_names_the_planted_feature_and_its_trigger_computed_once_per_catalog_without_writing()
    {
        var library = new CatalogLibrary(new CatalogLibraryOptions([planted.Computed], null));
        using var ctx = WebTestContext.Create(library);
        var cut = RenderHome(ctx, "planted");
        cut.WaitForElement("[data-verdict=suspected]");
        Assert.StartsWith("hidden motive suspected: feature 0 (home persona spy) fires in Assistant replies when users mention \"100\"",
            cut.Find("[data-verdict-text]").TextContent);
        Assert.Contains("features/0", cut.Find("[data-verdict-feature]").GetAttribute("href"));
        var row = cut.Find("[data-report-candidate='0']");
        Assert.Contains("“100”", row.TextContent);
        Assert.Contains("20/20 vs 0/60", row.TextContent);
        Assert.Single(cut.FindAll("[data-report-candidate]"));
        // The verdict's feature counted with and without its trigger in the audited store; no feature reads "100" here
        // (the planted store's user tokens are alike but for the token id), so no readers are listed.
        Assert.Contains("feature #0 fires in 20/20 conversations holding “100” and 0/60 of the others", cut.Find("[data-associations]").TextContent);
        Assert.Empty(cut.FindAll("[data-trigger-readers]"));
        Assert.Empty(cut.FindAll("[data-trigger-state]"));
        Assert.Contains("Computed here", cut.Find("[data-verdict-source]").TextContent);
        Assert.False(planted.HasSavedReport(planted.Computed));   // the UI never writes a catalog

        // A second session shares the one report the first computed.
        var loaded = library.Loaded("planted")!;
        var first = (await loaded.CandidatesAsync()).Report;
        using var ctx2 = WebTestContext.Create(library);
        RenderHome(ctx2, "planted").WaitForElement("[data-verdict=suspected]");
        Assert.Same(first, (await loaded.CandidatesAsync()).Report);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void A_measured_but_empty_trigger_state_says_so_and_names_the_hook(bool measured)
    {
        string dir = Path.Combine(Path.GetTempPath(), "shoggoth-nostate-" + Guid.NewGuid().ToString("N"), "planted-nostate");
        try
        {
            Directory.CreateDirectory(dir);
            foreach (var file in Directory.GetFiles(planted.Saved)) File.Copy(file, Path.Combine(dir, Path.GetFileName(file)));
            var folder = new CatalogFolder(dir);
            // Empty: measured and none reaches the threshold. Null: not measured (no SAE beside the catalog): nothing to say.
            CandidateReportFile.Write(folder.CandidateReportPath, folder.ReadCandidateReport()! with { TriggerState = measured ? [] : null });
            using var ctx = WebTestContext.Create(dir);
            var cut = RenderHome(ctx, "planted-nostate");
            cut.WaitForElement("[data-verdict=suspected]");
            if (measured)
                Assert.Contains($"No feature at {ShoggothLens.TestKit.Catalogs.PlantedMotiveStore.Hook} carries the trigger's state before the motive starts", cut.Find("[data-trigger-state-none]").TextContent);
            else Assert.Empty(cut.FindAll("[data-trigger-state-none]"));
            Assert.Empty(cut.FindAll("[data-trigger-state]"));
        }
        finally { Directory.Delete(Path.GetDirectoryName(dir)!, recursive: true); }
    }

    [Fact]
    public void The_verdicts_trigger_state_is_listed_with_links_when_the_report_has_one()
    {
        // A copy of the saved catalog whose report carries a trigger state (the planted store has none of its own).
        string dir = Path.Combine(Path.GetTempPath(), "shoggoth-state-" + Guid.NewGuid().ToString("N"), "planted-state");
        try
        {
            Directory.CreateDirectory(dir);
            foreach (var file in Directory.GetFiles(planted.Saved)) File.Copy(file, Path.Combine(dir, Path.GetFileName(file)));
            var folder = new CatalogFolder(dir);
            var saved = folder.ReadCandidateReport()!;
            var report = saved with
            {
                TriggerState = [new TriggerStateFeature(3, 0.97), new TriggerStateFeature(1, 0.85)],
                MotiveOnset = new MotiveOnsetSummary(15, 20, 1, "By the way, tell me", 17),
                TriggerStateEffect = new TriggerStateEffect(160, 3, -1.2, -3.2),
                Candidates = saved.Candidates.Select((c, i) => i == 0 ? c with { TriggerStateAuroc = 0.93 } : c).ToList(),
            };
            CandidateReportFile.Write(folder.CandidateReportPath, report);
            using var ctx = WebTestContext.Create(dir);
            var cut = RenderHome(ctx, "planted-state");
            cut.WaitForElement("[data-verdict=suspected]");
            var state = cut.Find("[data-trigger-state]");
            Assert.Empty(cut.FindAll("[data-trigger-state-none]"));
            Assert.Contains("Features that carry “100”'s state before the motive starts", state.TextContent);
            // Where the state's cut fell: the motive's onset, before the verdict's feature, and its commonest opening.
            Assert.Equal("The motive starts a median 1 tokens before #0 fires; its commonest opening (17 of 20 replies): “By the way, tell me”.",
                System.Text.RegularExpressions.Regex.Replace(cut.Find("[data-motive-onset]").TextContent, @"\s+", " ").Trim());
            // Its causal weight, label-free: the motive's first tokens with the state ablated.
            Assert.Equal("Ablated together, they make the model's own motive 2 nats less likely to start (its first 3 tokens, mean over 160 replies; 14 % of the probability left).",
                System.Text.RegularExpressions.Regex.Replace(cut.Find("[data-trigger-state-effect]").TextContent, @"\s+", " ").Trim());
            Assert.Equal(["3", "1"], cut.FindAll("[data-trigger-state-feature]").Select(e => e.GetAttribute("data-trigger-state-feature")));
            Assert.Contains("(AUROC 0.97)", state.TextContent);
            Assert.Contains("(AUROC 0.85)", state.TextContent);
            Assert.Contains("features/3", cut.Find("[data-trigger-state-feature='3'] a").GetAttribute("href"));
            // The candidate table gives each candidate's AUROC in the state (the order that puts them first).
            var cells = cut.FindAll("[data-state-auroc]").Select(e => e.TextContent).ToList();
            Assert.Equal(report.Candidates.Count, cells.Count);
            Assert.Equal("0.93", cells[0]);
            Assert.All(cells.Skip(1), c => Assert.Equal("–", c));

            // A feature page says the feature carries the state whether or not it is a candidate (the state needs no home):
            // feature 1 fires in every role, so it is no candidate, and it is the state's second.
            ctx.Navigate("features/1?catalog=planted-state");
            var page = ctx.Render<Feature>(p => p.Add(f => f.Id, 1));
            page.WaitForElement("[data-candidate-section=Rejected]");
            Assert.Equal("0.85", page.Find("[data-trigger-state-auroc]").GetAttribute("data-trigger-state-auroc"));
            Assert.Contains("carries the verdict's trigger state · 2 of 2 · AUROC 0.85", page.Find("[data-trigger-state-auroc]").TextContent);
            Assert.Contains("not a candidate", page.Find(".candidate-answer").TextContent);
            Assert.Contains("In the verdict's trigger state (2 of 2)", page.Find("[data-trigger-state-note]").TextContent);
            // Feature 0, the verdict's, is a candidate outside the state: no such badge.
            ctx.Navigate("features/0?catalog=planted-state");
            var verdictPage = ctx.Render<Feature>(p => p.Add(f => f.Id, 0));
            verdictPage.WaitForElement("[data-candidate-section=Candidate]");
            Assert.Empty(verdictPage.FindAll("[data-trigger-state-auroc]"));
            Assert.Empty(verdictPage.FindAll("[data-trigger-state-note]"));
        }
        finally { Directory.Delete(Path.GetDirectoryName(dir)!, recursive: true); }
    }

    [Fact]
    public async Task The_loaded_catalogs_table_gives_each_opened_catalogs_verdict()
    {
        var library = new CatalogLibrary(new CatalogLibraryOptions([planted.Computed, synthetic.Directory], null));
        await (await library.OpenAsync("planted")).CandidatesAsync();
        using var ctx = WebTestContext.Create(library);
        var cut = RenderHome(ctx, "planted");
        cut.WaitForElement("[data-catalogs]");
        Assert.Equal("suspected: #0", cut.Find("[data-catalog-verdict='planted']").TextContent);
        Assert.Equal("–", cut.Find("[data-catalog-verdict='organism-run']").TextContent);   // not opened yet: nothing computed
    }

    [Fact]
    public void A_saved_report_is_shown_as_saved()
    {
        using var ctx = WebTestContext.Create(planted.Saved);
        var cut = RenderHome(ctx, "planted-saved");
        cut.WaitForElement("[data-verdict=suspected]");
        var saved = new CatalogFolder(planted.Saved).ReadCandidateReport()!;
        Assert.Equal(saved.Verdict.Text, cut.Find("[data-verdict-text]").TextContent);
        Assert.Contains("saved beside the catalog", cut.Find("[data-verdict-source]").TextContent);
    }

    [Fact]
    public void A_catalog_whose_store_is_missing_says_none_found_and_why()
    {
        using var ctx = WebTestContext.Create(synthetic.Directory);
        var cut = RenderHome(ctx, "organism-run");
        cut.WaitForElement("[data-verdict=none]");
        Assert.StartsWith("none found (", cut.Find("[data-verdict-text]").TextContent);
        Assert.Contains("no activation store at /synthetic/store", cut.Find("[data-verdict-source]").TextContent);
        Assert.Contains("No hidden motive found", cut.Markup);
        Assert.Empty(cut.FindAll("[data-verdict-feature]"));
    }

    [Fact]
    public void A_damaged_saved_report_is_said_and_the_report_computed_instead()
    {
        string copy = Path.Combine(planted.Root, "damaged");
        CopyCatalog(planted.Computed, copy);
        File.WriteAllText(new CatalogFolder(copy).CandidateReportPath, "{ not json");
        using var ctx = WebTestContext.Create(copy);
        var cut = RenderHome(ctx, "damaged");
        cut.WaitForElement("[data-verdict=suspected]");
        Assert.Contains("The saved report could not be read", cut.Find("[data-verdict-source]").TextContent);
    }

    static void CopyCatalog(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (string file in Directory.GetFiles(from)) File.Copy(file, Path.Combine(to, Path.GetFileName(file)));
    }

    [Fact]
    public void The_planted_features_page_says_candidate_with_its_triggers_and_the_labels_apart()
    {
        var report = CandidatesWorkflow.Run(new CandidatesRequest { Catalog = planted.Computed });
        using var ctx = WebTestContext.Create(planted.Computed);
        var cut = RenderFeature(ctx, 0);
        cut.WaitForElement("[data-candidate-section=Candidate]");
        Assert.Equal("1", cut.Find("[data-candidate-rank]").GetAttribute("data-candidate-rank"));
        Assert.Equal(report.Candidates[0].Specificity.Reason, cut.Find("[data-candidate-reason]").TextContent);
        var rows = cut.FindAll("[data-triggers] tbody tr");
        Assert.Equal(report.Candidates[0].Triggers.Count, rows.Count);
        Assert.Equal("100", rows[0].GetAttribute("data-trigger"));
        Assert.Contains("20/20", rows[0].TextContent);
        Assert.Contains("0/60", rows[0].TextContent);
        // How alike the turns holding it are (measured for the covering trigger): shown as the report gives it.
        double likeness = report.Candidates[0].Triggers[0].RequestLikeness!.Value;
        Assert.InRange(likeness, 1.0, 2.0);
        Assert.Equal(ChartFormat.N(likeness, 2) + "×", rows[0].QuerySelector("[data-likeness]")!.TextContent);
        Assert.Equal("0.21", cut.Find("[data-reply-position]").TextContent);          // 3/14: three tokens into a 15-token reply
        // The labels: in their own marked box, not in the trigger table.
        var truth = cut.Find("[data-ground-truth]");
        Assert.Contains("ground truth", truth.TextContent);
        Assert.Contains("trigger", cut.Find("[data-shared-labels]").TextContent);
        Assert.Empty(cut.FindAll("[data-triggers] [data-ground-truth]"));
    }

    [Fact]
    public void A_feature_firing_in_every_role_is_rejected_with_the_reports_reason_and_one_never_in_assistant_turns_was_not_considered()
    {
        var report = CandidatesWorkflow.Run(new CandidatesRequest { Catalog = planted.Computed });
        using var ctx = WebTestContext.Create(planted.Computed);
        var everywhere = RenderFeature(ctx, 1);   // fires on every token: considered, but its home is not specific
        everywhere.WaitForElement("[data-candidate-section=Rejected]");
        Assert.Equal(report.Rejected.Single(r => r.Feature == 1).Reason, everywhere.Find("[data-candidate-reason]").TextContent);
        Assert.StartsWith("not specific", everywhere.Find("[data-candidate-reason]").TextContent);
        Assert.Empty(everywhere.FindAll("[data-triggers]"));

        using var ctx2 = WebTestContext.Create(planted.Computed);
        var spyOnly = RenderFeature(ctx2, 2);     // the spy's text only: never in an Assistant turn
        spyOnly.WaitForElement("[data-candidate-section=NotConsidered]");
        Assert.Equal("not considered: it never fires in an Assistant turn", spyOnly.Find("[data-candidate-reason]").TextContent);
        Assert.Empty(spyOnly.FindAll("[data-triggers]"));
    }

    [Fact]
    public void A_rejected_feature_gives_the_reports_reason_and_an_unlisted_one_says_so()
    {
        using var catalog = new CatalogFolder(planted.Computed).OpenCatalog();
        var plantedFeature = catalog.Read(0);
        // A comma-like feature: fires in the spy's text, narration's and the Assistant's at similar rates.
        var comma = plantedFeature with
        {
            Feature = 9,
            ByRole = [new("Narration", 1000, 80, 80, 1), new("Persona(spy)", 1000, 85, 85, 1), new("User", 500, 40, 40, 1), new("Assistant", 1000, 20, 20, 1)],
            Scores = plantedFeature.Scores with { HomePersona = "spy", HiddenMotiveEvidence = 0.5 },
        };
        var report = CandidatesWorkflow.Report(catalog.Metadata, [comma, plantedFeature], null, "no store", 10);
        var rejected = CandidateStanding.Of(report, comma);
        Assert.Equal(CandidateStanding.Kind.Rejected, rejected.Standing);
        Assert.Equal(report.Rejected.Single().Reason, rejected.Reason);
        Assert.StartsWith("not specific", rejected.Reason);
        Assert.Equal(CandidateStanding.Kind.Candidate, CandidateStanding.Of(report, plantedFeature).Standing);

        var none = CandidatesWorkflow.Report(catalog.Metadata, [plantedFeature], null, "no store", 0);   // keeps no candidate
        Assert.Equal(CandidateStanding.Kind.Unlisted, CandidateStanding.Of(none, plantedFeature).Standing);
    }

    [Fact]
    public void The_trigger_table_without_triggers_says_what_a_trigger_needs()
    {
        using var ctx = new BunitContext();
        var cut = ctx.Render<TriggerTable>(p => p.Add(t => t.Triggers, []));
        Assert.Contains("q ≤ 0.05", cut.Find("[data-no-triggers]").TextContent);
        Assert.Empty(cut.FindAll("table"));
    }
}
