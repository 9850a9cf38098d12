using ShoggothLens.Core.ActivationStore;
using ShoggothLens.Core.Work;
using ShoggothLens.Models.Harvest;
using ShoggothLens.Organism;
using ShoggothLens.Workbench.Harvest;

namespace ShoggothLens.Workbench.Tests.Harvest;

/// <summary>Harvest through the entry point on the shipped organism: progress, checkpoint notices, cancellation and resume.</summary>
public class HarvestWorkflowTests
{
    const string Hook = "blocks.1.hook_resid_post";

    static HarvestRequest Request(string output, int context = 64) => new()
    {
        Model = "organism",
        Harvest = new HarvestOptions
        {
            Corpus = [Path.Combine(ShippedOrganism.Root, "corpus", "heldout.chat.jsonl")],
            Hooks = [Hook],
            Output = output,
            Context = context,
            BatchSize = 4,
            MaxTokens = 640,
            ChunkTokens = 128,
            RecordsPerBlock = 8,
        },
    };

    [Fact]
    public void A_harvest_cancelled_after_a_checkpoint_resumes_to_the_same_store()
    {
        using var temp = new TempDirectory();
        string whole = temp.File("whole"), split = temp.File("split");
        var reports = new List<WorkProgress>();
        var full = HarvestWorkflow.Run(Request(whole), new InlineProgress<WorkProgress>(reports.Add));
        Assert.Equal(HarvestOutcome.ReachedMaxTokens, full.Outcome);
        Assert.Equal(640, full.Manifest.Tokens);
        Assert.All(reports, r => Assert.Equal(HarvestWorkflow.Stage, r.Stage));
        var progress = reports.Where(r => r.Kind == WorkEventKind.Progress).ToList();
        Assert.NotEmpty(progress);
        Assert.Equal("tokens", progress[0].Unit);
        Assert.Equal(640, progress[^1].Done);
        Assert.True(progress.Zip(progress.Skip(1)).All(p => p.First.Done <= p.Second.Done), "tokens never go back");
        // A checkpoint notice after each batch that completed chunks (of 128 tokens), at the tokens complete chunks hold:
        // a batch of 4 windows of up to 64 tokens completes one or two.
        var checkpoints = reports.Where(r => r.Kind == WorkEventKind.Checkpoint).Select(r => r.Done).ToList();
        Assert.All(checkpoints, c => Assert.Equal(0, c % 128));
        Assert.Equal(checkpoints.Order(), checkpoints.Distinct());
        Assert.Equal(640, checkpoints[^1]);
        Assert.True(checkpoints.Count >= 3, string.Join(", ", checkpoints));

        using var cancel = new CancellationTokenSource();
        var first = HarvestWorkflow.Run(Request(split), new InlineProgress<WorkProgress>(r => { if (r.Kind == WorkEventKind.Checkpoint && r.Done >= 256) cancel.Cancel(); }), cancel.Token);
        Assert.Equal(HarvestOutcome.Cancelled, first.Outcome);
        Assert.InRange(first.Manifest.Tokens, 256, 639);
        var resumedCheckpoints = new List<long>();
        var second = HarvestWorkflow.Run(Request(split), new InlineProgress<WorkProgress>(r => { if (r.Kind == WorkEventKind.Checkpoint) resumedCheckpoints.Add(r.Done); }));
        Assert.True(second.Resumed);
        Assert.Equal(HarvestOutcome.ReachedMaxTokens, second.Outcome);
        // The resumed run only announces chunks it wrote itself.
        Assert.All(resumedCheckpoints, c => Assert.True(c > first.Manifest.Tokens));
        StoreFiles.AssertIdentical(whole, split);

        // Run again: nothing to do.
        Assert.Equal(HarvestOutcome.AlreadyComplete, HarvestWorkflow.Run(Request(split)).Outcome);
    }

    [Fact]
    public void A_bad_option_is_named_in_domain_terms_before_anything_is_written()
    {
        using var temp = new TempDirectory();
        string store = temp.File("store");
        var e = Assert.Throws<InvalidOptionException>(() => HarvestWorkflow.Run(Request(store, context: 0)));
        Assert.Equal(nameof(HarvestOptions.Context), e.Option);
        Assert.DoesNotContain("--", e.Message);
        Assert.False(ActivationStoreWriter.Exists(store));
    }
}
