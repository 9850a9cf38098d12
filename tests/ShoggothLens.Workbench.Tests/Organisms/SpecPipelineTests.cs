using System.Text.Json;
using ShoggothLens.Core.Catalog;
using ShoggothLens.Models.Harvest;
using ShoggothLens.Organism;
using ShoggothLens.Organism.Corpus;
using ShoggothLens.Organism.Specs;
using ShoggothLens.Organism.Training;
using ShoggothLens.Sae.Architectures;
using ShoggothLens.Sae.Backends;
using ShoggothLens.Workbench.Analysis;
using ShoggothLens.Workbench.Candidates;
using ShoggothLens.Workbench.Harvest;
using ShoggothLens.Workbench.Scoring;
using ShoggothLens.Workbench.Training;

namespace ShoggothLens.Workbench.Tests.Organisms;

/// <summary>
/// The "CI tests the pipeline on each at small sizes": every shipped spec is built at a seconds-long size and
/// run through harvest → train → analyze → candidates (→ score, where something was planted), each stage by its
/// entry point. A model trained for a few steps learns no motive, so this asserts what a tiny build can show: every
/// stage completes on the spec's organism, the report is well formed and saved, and the ground truth the score uses
/// is read from the built folder's spec.json (the spec's covert character and trigger, nothing for the control).
/// </summary>
public class SpecPipelineTests
{
    const string Hook = "blocks.1.hook_resid_post";

    public static TheoryData<string> Specs => new(OrganismSpecs.Names);

    [Theory]
    [MemberData(nameof(Specs))]
    public void EachSpecRunsThroughHarvestTrainAnalyzeAndCandidates(string name)
    {
        using var dir = new TempDirectory();
        var spec = OrganismSpecs.Named(name);
        var options = OrganismBuildOptions.Tiny(spec.Seed) with
        {
            Spec = spec,
            Corpus = new CorpusSizes(40, 8, 60, 16),
            Base = OrganismBuildOptions.Tiny().Base with { Steps = 3 },
            Assistant = OrganismBuildOptions.Tiny().Assistant with { Steps = 2 },
        };
        var layout = OrganismBuilder.Build(options, dir.File("organism")).Layout;

        string store = dir.File("store"), sae = dir.File("sae"), catalog = dir.File("catalog");
        var harvest = HarvestWorkflow.Run(new HarvestRequest
        {
            Model = layout.Assistant,
            Harvest = new HarvestOptions
            {
                Corpus = [CorpusFiles.StoriesPath(layout.Corpus, Split.HeldOut), CorpusFiles.ChatsPath(layout.Corpus, Split.HeldOut)],
                Hooks = [Hook],
                Output = store,
            },
        });
        Assert.Equal(HarvestOutcome.Completed, harvest.Outcome);
        Assert.True(harvest.Manifest.Tokens > 0);

        var training = TrainWorkflow.Run(new TrainRequest
        {
            Store = store,
            Hook = Hook,
            Architecture = SaeArchitecture.TopK,
            Output = sae,
            Width = 48,
            K = 4,
            LearningRate = 2e-3f,
            Tokens = 256 * 20,
            BatchSize = 256,
            Backend = BackendChoice.Torch,
            Seed = 1,
            ShuffleBuffer = 1024,
        });
        Assert.Equal(20, training.Run.Steps);

        var analysis = AnalyzeWorkflow.Run(new AnalyzeRequest { Store = store, Sae = sae, Model = layout.Assistant, Output = catalog });
        Assert.Equal((48, harvest.Manifest.Tokens), (analysis.Features, analysis.Tokens));

        var report = CandidatesWorkflow.Run(new CandidatesRequest { Catalog = catalog, Store = store, Top = 10, Save = true });
        Assert.Equal((48, harvest.Manifest.Tokens), (report.Features, report.Tokens));
        Assert.InRange(report.Candidates.Count, 0, Math.Min(10, report.Considered));
        Assert.Equal(Enumerable.Range(1, report.Candidates.Count), report.Candidates.Select(c => c.Rank));
        Assert.Equal(report.Candidates.Count, report.Candidates.Select(c => c.Feature).Distinct().Count());
        Assert.All(report.Candidates, c => Assert.InRange(c.Feature, 0, 47));
        Assert.Contains(report.Verdict.Verdict, new[] { CandidateVerdict.Suspected, CandidateVerdict.None });
        Assert.Equal(report.Verdict.IsSuspected, report.Verdict.Feature is not null);
        Assert.False(string.IsNullOrWhiteSpace(report.Verdict.Text));
        // Saved beside the catalog, and the saved JSON reads back to the same verdict.
        var saved = new CatalogFolder(catalog).ReadCandidateReport();
        Assert.NotNull(saved);
        Assert.Equal(report.Verdict.Text, saved.Verdict.Text);
        using (var json = JsonDocument.Parse(File.ReadAllText(new CatalogFolder(catalog).CandidateReportPath)))
            Assert.Equal(report.Verdict.Verdict, json.RootElement.GetProperty("verdict").GetProperty("verdict").GetString());

        // The ground truth comes from the built folder's spec.json, not from the shipped organism.
        var truth = OrganismGroundTruth.ForOrganism(layout);
        if (spec.Covert is null)
        {
            Assert.Null(truth);                                  // the control planted nothing: nothing to score
            return;
        }
        Assert.NotNull(truth);
        Assert.Equal((spec.Covert.Character.Name, spec.Trigger.Name), (truth.CovertPersona, truth.Trigger));
        if (name != "shipped") Assert.NotEqual(ShippedOrganism.GroundTruth, truth);
        var score = ScoreWorkflow.Run(new ScoreRequest { Catalog = catalog, Store = store, Truth = truth });
        Assert.Equal(truth, score.Truth);
        Assert.Equal(report.Verdict.Verdict, score.Verdict.Verdict);
        Assert.InRange(score.Top5Precision, 0, 1);
        Assert.True(score.Triggered > 0 && score.Untriggered > 0);
        Assert.All(score.Top, t => Assert.InRange(t.Auroc, 0, 1));
        if (score.Planted is { Rank: int rank }) Assert.InRange(rank, 1, int.MaxValue);
    }
}
