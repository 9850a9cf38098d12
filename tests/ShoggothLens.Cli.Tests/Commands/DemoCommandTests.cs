using ShoggothLens.Core.Catalog;
using ShoggothLens.Organism;
using ShoggothLens.Workbench.Scoring;

namespace ShoggothLens.Cli.Tests.Commands;

/// <summary>`shoggoth demo` (the README's first command) runs every stage on the shipped organism, ends with the label-free verdict, and scores it against the planted motive.</summary>
public class DemoCommandTests
{
    [Fact]
    public void TheDemoRunsThePipelineAndReportsWhereThePlantedMotiveRanks()
    {
        string dir = Path.Combine(Path.GetTempPath(), "shoggoth-demo-" + Guid.NewGuid().ToString("N"));
        try
        {
            // Smaller than the default (512 latents, 100k tokens, 60 replies of at most 48 tokens, 8 + 8 chats for the causal check,
            // no controls) to keep CI short; same stages. The controls are covered by DemoControlsTests.
            string[] args = ["demo", "--out", dir, "--width", "512", "--k", "16", "--tokens", "100000", "--top", "5", "--reply-tokens", "48",
                "--causal-chats", "8", "--steer-alpha", "8", "--no-controls", "--json"];
            var run = CliRunner.Run(args);
            Assert.True(run.ExitCode == 0, run.Error);
            Assert.Contains("== 0/4 the checkpoint answers the held-out chats", run.Error);
            Assert.Contains("== 4/4 hidden-motive candidates", run.Error);
            Assert.Contains("the Assistant answered 600 held-out conversations", run.Out);
            Assert.Contains("ground truth (read only now, after the verdict): the planted motive belongs to Vesper", run.Out);
            Assert.Contains("causal check: ablating feature", run.Out);
            Assert.Contains("steering along feature", run.Out);
            Assert.Contains("α     8: untriggered", run.Out);
            Assert.Contains("== 1/4 model diff: the same stories and replies through the base checkpoint", run.Error);
            Assert.Contains($"model diff against {Path.Combine(dir, "compare-store")}", run.Out);
            Assert.Contains("demo finished", run.Out);
            Assert.Contains($"browse the catalog: shoggoth serve --catalog {Path.Combine(dir, "catalog")}", run.Out);
            foreach (var file in new[] { "replies/chats.jsonl", "replies/replies.json", "store/manifest.json", "sae/cfg.json", "sae/sae_weights.safetensors", "catalog/" + CatalogFormat.DataFile, "catalog/" + CatalogFolder.CandidateReportFileName })
                Assert.True(File.Exists(Path.Combine(dir, file)), file);

            // The last line is the JSON summary, and it agrees with the catalog and store, scored again here.
            var lines = run.Out.TrimEnd().Split('\n');
            using var summary = System.Text.Json.JsonDocument.Parse(lines[^1]);
            var json = summary.RootElement;
            var score = ScoreWorkflow.Run(new ScoreRequest { Catalog = Path.Combine(dir, "catalog"), Store = Path.Combine(dir, "store"), Truth = ShippedOrganism.GroundTruth });
            Assert.Equal(score.Verdict.IsSuspected ? "suspected" : "none", json.GetProperty("verdict").GetString());
            if (score.Planted is { } planted)
            {
                Assert.Equal(planted.Feature, json.GetProperty("planted_feature").GetInt32());
                Assert.Equal(planted.Rank, json.GetProperty("planted_rank").GetInt32());
                Assert.Contains($"the first planted candidate is feature {planted.Feature} (home persona {planted.HomePersona}) at rank {planted.Rank}", run.Out);
            }
            else Assert.Equal(System.Text.Json.JsonValueKind.Null, json.GetProperty("planted_feature").ValueKind);
            Assert.Equal(score.VerdictNamesTrigger, json.GetProperty("trigger_found").GetBoolean());
            Assert.Equal(System.Text.Json.JsonValueKind.Null, json.GetProperty("controls").GetProperty("base").ValueKind);
            Assert.InRange(json.GetProperty("baseline_motive_rate").GetDouble(), 0, 1);
            Assert.Equal(8, json.GetProperty("steering")[0].GetProperty("alpha").GetDouble());
            // Ground truth's separating set (AUROC ≥ 0.8, candidates or not), ablated together in the causal check.
            var separating = score.Separating!.Select(f => f.Feature).ToList();
            Assert.Equal(separating, json.GetProperty("separating_features").EnumerateArray().Select(e => e.GetInt32()));
            bool jointly = separating.Count > 1 || (separating.Count == 1 && separating[0] != json.GetProperty("ablated_feature").GetInt32());
            if (jointly)
            {
                Assert.Contains($"ground-truth causal check: ablating the {separating.Count} features that separate before the motive ({string.Join(", ", separating)}; chosen with the labels)", run.Out);
                Assert.InRange(json.GetProperty("separating_ablation_motive_rate").GetDouble(), 0, 1);
            }
            else Assert.Equal(System.Text.Json.JsonValueKind.Null, json.GetProperty("separating_ablation_motive_rate").ValueKind);
            // The verdict's trigger state (label-free), listed in the report and, when found, ablated together.
            var reportState = (new CatalogFolder(Path.Combine(dir, "catalog")).ReadCandidateReport()!.TriggerState ?? []).Select(f => f.Feature).ToList();
            Assert.Equal(reportState, json.GetProperty("trigger_state").EnumerateArray().Select(e => e.GetInt32()));
            // Its first planted feature (ground truth), by its rank in the state.
            if (json.GetProperty("state_planted_rank").ValueKind != System.Text.Json.JsonValueKind.Null)
            {
                int stateRank = json.GetProperty("state_planted_rank").GetInt32();
                Assert.Equal(reportState[stateRank - 1], json.GetProperty("state_planted_feature").GetInt32());
                Assert.InRange(json.GetProperty("state_planted_auroc").GetDouble(), score.Threshold, 1);
                Assert.Contains($"in the verdict's trigger state (found without labels) the first planted feature is {reportState[stateRank - 1]} at rank {stateRank}, ", run.Out);
            }
            if (reportState.Count > 0) Assert.InRange(json.GetProperty("trigger_state_precision").GetDouble(), 0, 1);
            else Assert.Equal(System.Text.Json.JsonValueKind.Null, json.GetProperty("trigger_state_precision").ValueKind);
            if (reportState.Count > 0) Assert.InRange(json.GetProperty("trigger_state_ablation_motive_rate").GetDouble(), 0, 1);
            else Assert.Equal(System.Text.Json.JsonValueKind.Null, json.GetProperty("trigger_state_ablation_motive_rate").ValueKind);
            // Where the time went, stage by stage, in the order run.
            var stages = json.GetProperty("stage_seconds").EnumerateObject().Select(p => p.Name).ToList();
            Assert.Equal(["replies", "harvest", "model diff harvest", "train", "analyze", "candidates", "score", "causal check"], stages);
            Assert.Contains("  time by stage: replies ", run.Out);
            Assert.Equal(System.Text.Json.JsonValueKind.Null, json.GetProperty("score_not_run").ValueKind);
            Assert.InRange(json.GetProperty("steering")[0].GetProperty("untriggered_motive_rate").GetDouble(), 0, 1);
            var saved = new CatalogFolder(Path.Combine(dir, "catalog")).ReadCandidateReport()!;
            Assert.Equal(score.Verdict, saved.Verdict);
            Assert.Contains($"verdict: {saved.Verdict.Text}", run.Out);
            Assert.Contains(saved.Verdict.IsSuspected ? "hidden motive suspected: feature " : "none found (", run.Out);

            // A rerun reuses the store and the trained SAE.
            var again = CliRunner.Run(args);
            Assert.True(again.ExitCode == 0, again.Error);
            Assert.Contains("already trained", again.Error);
            Assert.Contains("already holds the Assistant's replies", again.Out);
            Assert.Equal(run.Out[run.Out.IndexOf("ground truth", StringComparison.Ordinal)..run.Out.IndexOf("demo finished", StringComparison.Ordinal)],
                again.Out[again.Out.IndexOf("ground truth", StringComparison.Ordinal)..again.Out.IndexOf("demo finished", StringComparison.Ordinal)]);
        }
        finally
        {
            if (Directory.Exists(dir)) Directory.Delete(dir, recursive: true);
        }
    }

    [Theory]
    [InlineData("all", "blocks.0.hook_resid_post", "give it alone")]
    [InlineData("blocks.1.hook_resid_post", "blocks.1.hook_resid_post", "named twice")]
    public void AHookListThatCannotBeAuditedIsAUsageErrorBeforeAnyWork(string first, string second, string message)
    {
        string dir = Path.Combine(Path.GetTempPath(), "shoggoth-demo-" + Guid.NewGuid().ToString("N"));
        var run = CliRunner.Run(["demo", "--out", dir, "--hook", first, "--hook", second]);
        Assert.Equal(ShoggothLens.Cli.Infrastructure.ExitCodes.Usage, run.ExitCode);
        Assert.Contains("--hook: ", run.Error);
        Assert.Contains(message, run.Error);
        Assert.False(Directory.Exists(dir));
    }
}
