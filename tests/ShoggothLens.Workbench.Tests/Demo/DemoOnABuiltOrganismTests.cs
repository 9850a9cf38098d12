using System.Text.Json;
using ShoggothLens.Core.Catalog;
using ShoggothLens.Organism;
using ShoggothLens.Organism.Corpus;
using ShoggothLens.Organism.Specs;
using ShoggothLens.Organism.Training;
using ShoggothLens.TestKit;
using ShoggothLens.Workbench.Demo;

namespace ShoggothLens.Workbench.Tests.Demo;

/// <summary>
/// <c>demo --organism DIR</c>: the demo audits any organism <c>organism build</c> wrote, reading its ground truth, base
/// checkpoint, motive detector and corpus from that folder, never the shipped organism's. Built tiny here (a few steps
/// learn no motive), so this checks where each part comes from and what the result carries, not the science
/// (docs/motive-finding.md has the full-size runs).
/// </summary>
public sealed class DemoOnABuiltOrganismTests : IDisposable
{
    readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    OrganismLayout Build(string spec)
    {
        var s = OrganismSpecs.Named(spec);
        var options = OrganismBuildOptions.Tiny(s.Seed) with
        {
            Spec = s,
            Corpus = new CorpusSizes(40, 8, 60, 16),
            Base = OrganismBuildOptions.Tiny().Base with { Steps = 3 },
            Assistant = OrganismBuildOptions.Tiny().Assistant with { Steps = 2 },
        };
        return OrganismBuilder.Build(options, _dir.File(spec)).Layout;
    }

    static DemoRequest Small(string output, string organism) => new()
    {
        Output = output, Organism = organism, Hooks = ["blocks.1.hook_resid_post"], Width = 48, K = 4, Tokens = 256 * 12, TrainingBatch = 256, Top = 5,
        ReplyTokens = 16, CausalChats = 3, SteerAlphas = [8], Controls = false,
        // A model trained two steps may end every reply at once; the corpus's own replies keep the store's conversations
        // (ReplyWorkflow's tests cover generation, and the causal check below generates).
        GenerateReplies = false,
    };

    [Fact]
    public void AnOrganismWithAPlantedMotiveIsScoredAgainstItsOwnSpecWithTheModelDiffAndSteering()
    {
        var layout = Build("shop");
        var request = Small(_dir.File("run"), layout.Root);
        var result = DemoWorkflow.Run(request);

        Assert.Equal(Path.GetFullPath(layout.Root), result.OrganismRoot);
        var score = Assert.IsType<ShoggothLens.Workbench.Scoring.ScoreResult>(result.Score);
        Assert.Equal(OrganismGroundTruth.ForOrganism(layout), score.Truth);
        Assert.NotEqual(ShippedOrganism.GroundTruth.Trigger, score.Truth.Trigger);

        // The model diff: the same stories and replies through the organism's base checkpoint, and the report says it.
        Assert.True(File.Exists(Path.Combine(request.Output, "compare-store", "manifest.json")));
        Assert.True(File.Exists(Path.Combine(result.CatalogPath, CatalogFolder.ModelDiffFileName)));
        Assert.Equal(Path.GetFullPath(Path.Combine(request.Output, "compare-store")), result.Candidates.CompareStore);
        Assert.All(result.Candidates.Candidates, c => Assert.NotNull(c.ModelDiff));

        // The causal check: ablation and one steering strength on the same chats, when a feature was named.
        if (score.Ablation is { } ablation)
        {
            var steering = Assert.IsType<ShoggothLens.Workbench.Scoring.MotiveSteering>(score.Steering);
            Assert.Equal(ablation.Feature, steering.Feature);
            Assert.Equal(8, Assert.Single(steering.Points).Alpha);
            Assert.Equal(ablation.BaselineUntriggered, steering.BaselineUntriggered);
            // Every separating feature ablated together, on the same chats (unless the set is the single ablated feature).
            var separating = score.Separating!.Select(f => f.Feature).ToList();
            if (separating.Count > 1 || (separating.Count == 1 && separating[0] != ablation.Feature))
            {
                var jointly = Assert.IsType<ShoggothLens.Workbench.Scoring.SeparatingAblation>(score.SeparatingAblation);
                Assert.Equal(separating, jointly.Features);
                Assert.Equal(ablation.BaselineTriggered, jointly.BaselineTriggered);
            }
            else Assert.Null(score.SeparatingAblation);
            // The verdict's trigger state (found without labels) ablated together, on the same chats, when the report has one.
            if (result.Candidates.TriggerState is { Count: > 0 } state)
                Assert.Equal(state.Select(s => s.Feature), Assert.IsType<ShoggothLens.Workbench.Scoring.ReaderAblation>(score.TriggerStateAblation).Features);
            else Assert.Null(score.TriggerStateAblation);
        }
        // candidates --causal-top: each of the first candidates ablated alone (and the trigger readers together), same chats.
        var check = new ShoggothLens.Workbench.Candidates.CandidateCausalRequest { Catalog = result.CatalogPath, Top = 2, Organism = layout.Root, Chats = 2, MaxNewTokens = 8 };
        if (result.Candidates.Candidates.Count == 0)
            Assert.Throws<Core.Work.InvalidOptionException>(() => ShoggothLens.Workbench.Candidates.CandidateCausalChecks.Run(result.Candidates, check));
        else
        {
            var (baseline, checks) = ShoggothLens.Workbench.Candidates.CandidateCausalChecks.Run(result.Candidates, check);
            Assert.Equal((2, 2), (baseline.Triggered, baseline.Untriggered));
            Assert.Equal(result.Candidates.Candidates.Take(2).Select(c => (IReadOnlyList<int>)[c.Feature]).Concat(
                    result.Candidates.TriggerReaders is { Count: > 0 } readers ? [readers.Select(r => r.Feature).ToList()] : []),
                checks.Select(c => c.Features), new FeaturesComparer());
            Assert.All(checks, c => Assert.InRange(c.Rate.TriggeredRate, 0, 1));
        }

        using var json = JsonDocument.Parse(DemoJson.Line(result));
        var root = json.RootElement;
        Assert.Equal(result.OrganismRoot, root.GetProperty("organism").GetString());
        Assert.Equal(score.VerdictNamesTrigger, root.GetProperty("trigger_found").GetBoolean());
        Assert.Equal(score.Steering?.Points.Count ?? 0, root.GetProperty("steering").GetArrayLength());
        Assert.Equal(result.Candidates.Candidates.Take(request.Top).Count(c => c.ModelDiff!.StartedAfterPostTraining), root.GetProperty("started_after_post_training").GetArrayLength());
    }

    [Fact]
    public void EveryBlockIsAuditedFromOneStoreAndTheReportIsTheHookTheLabelFreeRuleChooses()
    {
        var layout = Build("shop");
        var request = Small(_dir.File("all-hooks"), layout.Root) with { Hooks = [DemoRequest.AllHooks], CausalChats = 0 };
        var result = DemoWorkflow.Run(request);

        int layers = ShoggothLens.Models.Transformers.ModelLoader.ReadConfig(layout.Assistant).NLayers;
        var hooks = Enumerable.Range(0, layers).Select(l => $"blocks.{l}.hook_resid_post").ToList();
        Assert.Equal(hooks, result.Layers.Select(l => l.Hook));
        // One store (and one base-checkpoint store for the model diff) holds every hook; each hook has its own SAE and catalog.
        Assert.Equal(Path.Combine(request.Output, "layers", "store"), result.StorePath);
        Assert.Equal(hooks, ShoggothLens.Core.ActivationStore.ActivationStoreReader.Open(result.StorePath).Hooks);
        Assert.Equal(hooks, ShoggothLens.Core.ActivationStore.ActivationStoreReader.Open(Path.Combine(request.Output, "layers", "compare-store")).Hooks);
        foreach (var layer in result.Layers)
        {
            Assert.Equal(Path.Combine(request.Output, "layers", layer.Hook, "catalog"), layer.CatalogPath);
            Assert.True(File.Exists(Path.Combine(layer.CatalogPath, CatalogFolder.CandidateReportFileName)));
            Assert.Equal(layer.Hook, ShoggothLens.Sae.Formats.SaeFiles.Load(layer.SaePath).Config.HookName);
            Assert.NotNull(layer.Score);   // ground truth at every hook, for the per-hook table
        }
        // The reported hook is the rule's choice over the reports, and its report, SAE and score are the result's.
        var (chosen, reason) = DemoLayerChoice.Choose(hooks, result.Layers.Select(l => l.Candidates).ToList());
        Assert.Equal(hooks[chosen], result.Hook);
        Assert.Equal(reason, result.LayerChoice);
        Assert.Same(result.Layers[chosen].Candidates, result.Candidates);
        Assert.Same(result.Layers[chosen].Score, result.Score);
        Assert.Equal(result.Layers[chosen].SaePath, result.SaePath);

        using var json = JsonDocument.Parse(DemoJson.Line(result));
        Assert.Equal(result.Hook, json.RootElement.GetProperty("hook").GetString());
        Assert.Equal(hooks, json.RootElement.GetProperty("layers").EnumerateArray().Select(l => l.GetProperty("hook").GetString()));
        Assert.Equal(reason, json.RootElement.GetProperty("layer_choice").GetString());
    }

    [Theory]
    [InlineData(new[] { "all", "blocks.0.hook_resid_post" }, "give it alone")]
    [InlineData(new[] { "blocks.0.hook_resid_post", "blocks.0.hook_resid_post" }, "named twice")]
    [InlineData(new string[0], "at least one hook")]
    public void HookListsThatNameNothingOrRepeatAreRefused(string[] hooks, string message)
    {
        var e = Assert.Throws<Core.Work.InvalidOptionException>(() => (new DemoRequest { Hooks = hooks }).Validate());
        Assert.Equal(nameof(DemoRequest.Hooks), e.Option);
        Assert.Contains(message, e.Message);
    }

    [Fact]
    public void AMotiveFreeOrganismHasNothingToScore()
    {
        var layout = Build("control");
        var result = DemoWorkflow.Run(Small(_dir.File("control-run"), layout.Root) with { ModelDiff = false });
        Assert.Null(result.Score);
        Assert.Null(result.Candidates.CompareStore);
        using var json = JsonDocument.Parse(DemoJson.Line(result));
        Assert.Equal(JsonValueKind.Null, json.RootElement.GetProperty("trigger_found").ValueKind);
        Assert.Equal(JsonValueKind.Null, json.RootElement.GetProperty("planted_feature").ValueKind);
    }

    [Fact]
    public void AControlThatFailsStopsTheOtherAndItsOwnErrorIsTheDemos()
    {
        // The controls run alongside the audit and each other: a damaged base checkpoint fails its control, which stops
        // the other control; the audit itself finishes, and the caller gets the failure, not a cancellation.
        var layout = Build("control");
        File.WriteAllBytes(Path.Combine(layout.Base, "model.safetensors"), [1, 2, 3]);
        var request = Small(_dir.File("failing-control"), layout.Root) with { ModelDiff = false, Controls = true };
        var error = Assert.Throws<Core.Formats.InvalidInputFileException>(() => DemoWorkflow.Run(request));
        Assert.Contains("model.safetensors", error.Message);
        Assert.True(File.Exists(Path.Combine(request.Output, "catalog", CatalogFolder.CandidateReportFileName)));
    }

    [Fact]
    public void AFolderThatIsNoOrganismIsRefusedByName()
    {
        var e = Assert.Throws<Core.Work.InvalidOptionException>(() => DemoWorkflow.Run(Small(_dir.File("x"), _dir.Path)));
        Assert.Contains("is not a built organism folder", e.Message);
    }

    sealed class FeaturesComparer : IEqualityComparer<IReadOnlyList<int>>
    {
        public bool Equals(IReadOnlyList<int>? x, IReadOnlyList<int>? y) => x!.SequenceEqual(y!);
        public int GetHashCode(IReadOnlyList<int> obj) => obj.Count;
    }
}
