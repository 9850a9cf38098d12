using ShoggothLens.Core.Work;
using ShoggothLens.Sae.Architectures;
using ShoggothLens.Sae.Backends;
using ShoggothLens.Sae.Formats;
using ShoggothLens.TestKit.Stores;
using ShoggothLens.Workbench.SaeEvaluation;
using ShoggothLens.Workbench.Training;

namespace ShoggothLens.Workbench.Tests.SaeEvaluation;

/// <summary>Evaluating and describing an SAE through the entry points.</summary>
public class SaeEvaluationTests
{
    const string Hook = "blocks.0.hook_resid_post";

    [Fact]
    public void Evaluates_a_trained_sae_on_its_store_and_describes_it()
    {
        using var temp = new TempDirectory();
        string store = temp.File("store"), sae = temp.File("sae");
        SyntheticStores.WriteSparse(store, Hook, dModel: 16, documents: 16, tokensPerDocument: 64, seed: 3);
        var trained = TrainWorkflow.Run(new TrainRequest
        {
            Store = store, Hook = Hook, Architecture = SaeArchitecture.TopK, Output = sae, Width = 32, K = 3,
            LearningRate = 2e-3f, Tokens = 128 * 60, BatchSize = 128, Backend = BackendChoice.Torch, Seed = 1, ShuffleBuffer = 512,
        });

        var reports = new List<WorkProgress>();
        var eval = SaeEvalWorkflow.Evaluate(new SaeEvalRequest { Sae = sae, Store = store, Tokens = 1000 }, new InlineProgress<WorkProgress>(reports.Add));
        Assert.Equal(Hook, eval.Hook);
        Assert.Equal(1000, eval.Metrics.Tokens);
        Assert.InRange(eval.Metrics.L0, 0.5, 3);
        Assert.True(eval.Metrics.FractionVarianceExplained > 0.5, $"FVE {eval.Metrics.FractionVarianceExplained}");
        Assert.Null(eval.CeLoss);
        Assert.Equal((1000L, 1000L), (reports[^1].Done, reports[^1].Total));
        // The whole store: the same FVE training's last window saw, within noise.
        var all = SaeEvalWorkflow.Evaluate(new SaeEvalRequest { Sae = sae, Store = store });
        Assert.Equal(16 * 64, all.Metrics.Tokens);
        Assert.Equal(trained.Run.LastLog!.Metrics.FractionVarianceExplained, all.Metrics.FractionVarianceExplained, 1);

        var info = SaeInfoWorkflow.Describe(sae);
        Assert.Equal("saelens", info.Layout);
        Assert.Equal(2L * 16 * 32 + 32 + 16, info.Parameters);
        var p = SaeFiles.Load(sae).Parameters;
        var norms = Enumerable.Range(0, 32).Select(j => Math.Sqrt(Enumerable.Range(0, 16).Sum(i => (double)p.WDec[j * 16 + i] * p.WDec[j * 16 + i]))).ToArray();
        Assert.Equal(norms.Min(), info.DecoderNorms.Min, 12);
        Assert.Equal(norms.Average(), info.DecoderNorms.Mean, 12);
        Assert.Equal(norms.Max(), info.DecoderNorms.Max, 12);
        Assert.Null(info.Thresholds);

        var zero = Assert.Throws<InvalidOptionException>(() => SaeEvalWorkflow.Evaluate(new SaeEvalRequest { Sae = sae, Store = store, Tokens = 0 }));
        Assert.Equal(nameof(SaeEvalRequest.Tokens), zero.Option);
    }
}
