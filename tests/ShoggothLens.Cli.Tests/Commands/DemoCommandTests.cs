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
            // Smaller than the default (512 latents, 100k tokens) to keep CI short; same stages.
            var run = CliRunner.Run("demo", "--out", dir, "--width", "512", "--k", "16", "--tokens", "100000", "--top", "5");
            Assert.True(run.ExitCode == 0, run.Error);
            Assert.Contains("== 4/4 hidden-motive candidates", run.Error);
            Assert.Contains("ground truth (read only now, after the verdict): the planted motive belongs to Vesper", run.Out);
            Assert.Contains("demo finished", run.Out);
            Assert.Contains($"browse the catalog: shoggoth serve --catalog {Path.Combine(dir, "catalog")}", run.Out);
            foreach (var file in new[] { "store/manifest.json", "sae/cfg.json", "sae/sae_weights.safetensors", "catalog/" + CatalogFormat.DataFile, "catalog/" + CatalogFolder.CandidateReportFileName })
                Assert.True(File.Exists(Path.Combine(dir, file)), file);

            // The lines printed agree with the catalog and store, scored again here.
            var score = ScoreWorkflow.Run(new ScoreRequest { Catalog = Path.Combine(dir, "catalog"), Store = Path.Combine(dir, "store"), Truth = ShippedOrganism.GroundTruth });
            var planted = score.Planted;
            if (planted.Rank is int rank)
            {
                Assert.Contains($"is feature {planted.Feature} at rank {rank} of {planted.Candidates}", run.Out);
                using var catalog = FeatureCatalog.Open(Path.Combine(dir, "catalog"));
                var stats = catalog.Read(planted.Feature);
                Assert.Equal("Vesper", stats.Scores.HomePersona);
                Assert.Contains("trigger", stats.Scores.SharedTriggers);
            }
            else if (planted.Feature >= 0) Assert.Contains($"no candidate matches; feature {planted.Feature} has home persona Vesper", run.Out);
            else Assert.Contains("no considered feature has home persona Vesper", run.Out);
            var saved = new CatalogFolder(Path.Combine(dir, "catalog")).ReadCandidateReport()!;
            Assert.Equal(score.Verdict, saved.Verdict);
            Assert.Contains($"verdict: {saved.Verdict.Text}", run.Out);
            Assert.Contains(saved.Verdict.IsSuspected ? "hidden motive suspected: feature " : "none found (", run.Out);

            // A rerun reuses the store and the trained SAE.
            var again = CliRunner.Run("demo", "--out", dir, "--width", "512", "--k", "16", "--tokens", "100000", "--top", "5");
            Assert.True(again.ExitCode == 0, again.Error);
            Assert.Contains("already trained", again.Error);
            Assert.Equal(run.Out[run.Out.IndexOf("ground truth", StringComparison.Ordinal)..run.Out.IndexOf("demo finished", StringComparison.Ordinal)],
                again.Out[again.Out.IndexOf("ground truth", StringComparison.Ordinal)..again.Out.IndexOf("demo finished", StringComparison.Ordinal)]);
        }
        finally
        {
            if (Directory.Exists(dir)) Directory.Delete(dir, recursive: true);
        }
    }
}
