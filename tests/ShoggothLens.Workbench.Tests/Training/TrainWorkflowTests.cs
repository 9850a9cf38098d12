using ShoggothLens.Core.Work;
using ShoggothLens.Sae.Architectures;
using ShoggothLens.Sae.Backends;
using ShoggothLens.Sae.Formats;
using ShoggothLens.Sae.Training;
using ShoggothLens.TestKit.Stores;
using ShoggothLens.Workbench.Training;

namespace ShoggothLens.Workbench.Tests.Training;

/// <summary>Training a tiny SAE through the entry point: metrics and checkpoint notices, cancellation, resume, option errors.</summary>
public class TrainWorkflowTests
{
    const string Hook = "blocks.0.hook_resid_post";

    static TrainRequest Request(string store, string output) => new()
    {
        Store = store,
        Hook = Hook,
        Architecture = SaeArchitecture.TopK,
        Output = output,
        Width = 32,
        K = 3,
        LearningRate = 2e-3f,
        Tokens = 128 * 40,
        BatchSize = 128,
        Backend = BackendChoice.Torch,
        Seed = 4,
        CheckpointEvery = 10,
        LogEvery = 5,
        ShuffleBuffer = 512,
    };

    [Fact]
    public void Trains_reports_metrics_and_checkpoints_and_a_cancelled_run_resumes_to_the_same_weights()
    {
        using var temp = new TempDirectory();
        string store = temp.File("store"), whole = temp.File("whole"), split = temp.File("split");
        SyntheticStores.WriteSparse(store, Hook, dModel: 16, documents: 16, tokensPerDocument: 64, seed: 3);

        var reports = new List<WorkProgress>();
        var result = TrainWorkflow.Run(Request(store, whole), new InlineProgress<WorkProgress>(reports.Add));
        Assert.Equal(40, result.Run.Steps);
        Assert.Equal(32, result.Options.Width);
        Assert.Equal(16, result.Options.DIn);
        Assert.StartsWith("backend: ", Assert.Single(reports, r => r.Kind == WorkEventKind.Note).Note);
        var windows = reports.Where(r => r.Kind == WorkEventKind.Progress).ToList();
        Assert.Equal(Enumerable.Range(1, 8).Select(i => 5L * i), windows.Select(w => w.Done));
        Assert.All(windows, w => Assert.Equal((TrainingProgress.Stage, 40L, TrainingProgress.Unit), (w.Stage, w.Total, w.Unit)));
        var metrics = windows[^1].Metrics!.ToDictionary(m => m.Key, m => m.Value);
        Assert.Equal(result.Run.LastLog!.Metrics.FractionVarianceExplained, metrics[TrainingProgress.Fve]);
        Assert.Equal(result.Run.LastLog.Metrics.L0, metrics[TrainingProgress.L0]);
        Assert.InRange(metrics[TrainingProgress.L0], 0, 3);
        // Checkpoints every 10 steps before the end (the last one is the finished SAE).
        Assert.Equal([10L, 20, 30], reports.Where(r => r.Kind == WorkEventKind.Checkpoint).Select(r => r.Done));

        using var cancel = new CancellationTokenSource();
        Assert.Throws<OperationCanceledException>(() => TrainWorkflow.Run(Request(store, split),
            new InlineProgress<WorkProgress>(r => { if (r.Kind == WorkEventKind.Checkpoint && r.Done == 20) cancel.Cancel(); }), cancel.Token));
        Assert.False(File.Exists(Path.Combine(split, SaeLensFormat.WeightsFile)));
        var resumed = TrainWorkflow.Run(Request(store, split) with { Resume = true });
        Assert.True(resumed.Run.Resumed);
        Assert.Equal(40, resumed.Run.Steps);
        var a = SaeFiles.Load(whole).Parameters;
        var b = SaeFiles.Load(split).Parameters;
        Assert.Equal(a.WEnc, b.WEnc);
        Assert.Equal(a.WDec, b.WDec);
        Assert.Equal(a.BDec, b.BDec);

        // The same folder again without resuming: refused, naming the option that would continue it.
        var again = Assert.Throws<InvalidOptionException>(() => TrainWorkflow.Run(Request(store, whole)));
        Assert.Equal(nameof(TrainRequest.Resume), again.Option);
    }

    [Fact]
    public void Width_and_expansion_resolve_and_conflicts_are_named()
    {
        using var temp = new TempDirectory();
        string store = temp.File("store");
        SyntheticStores.WriteSparse(store, Hook, dModel: 8, documents: 2, tokensPerDocument: 16, seed: 1);
        var request = Request(store, temp.File("out")) with { Width = null, Expansion = 1.5, Tokens = 32, BatchSize = 16 };
        Assert.Equal(12, TrainWorkflow.Run(request).Options.Width);

        var both = Assert.Throws<InvalidOptionException>(() => TrainWorkflow.Run(request with { Width = 4, Output = temp.File("b") }));
        Assert.Equal(nameof(TrainRequest.Expansion), both.Option);
        var neither = Assert.Throws<InvalidOptionException>(() => TrainWorkflow.Run(request with { Expansion = null, Output = temp.File("c") }));
        Assert.Equal(nameof(TrainRequest.Width), neither.Option);
        var lr = Assert.Throws<InvalidOptionException>(() => TrainWorkflow.Run(request with { LearningRate = 0, Output = temp.File("d") }));
        Assert.Equal(nameof(TrainRequest.LearningRate), lr.Option);
        Assert.DoesNotContain("--", lr.Message);
    }
}
