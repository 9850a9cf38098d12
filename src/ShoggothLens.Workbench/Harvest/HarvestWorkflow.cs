using ShoggothLens.Core.ActivationStore;
using ShoggothLens.Core.Files;
using ShoggothLens.Core.Work;
using ShoggothLens.Models.ChatTemplates;
using ShoggothLens.Models.Harvest;
using ShoggothLens.Models.Tokenization;
using ShoggothLens.Models.Transformers;
using ShoggothLens.Organism;

namespace ShoggothLens.Workbench.Harvest;

/// <summary>
/// Harvest: runs a model over role-annotated corpora and streams the activations at the given hooks into an
/// activation store (corpus JSONL → store). Running it again with the same request resumes after the store's
/// last complete chunk; a complete store is left as it is (<see cref="HarvestOutcome.AlreadyComplete"/>).
/// </summary>
public static class HarvestWorkflow
{
    /// <summary>The stage name of the reports.</summary>
    public const string Stage = "harvest";

    /// <summary>
    /// Loads the model, tokenizer and chat template, and harvests. Progress: tokens in the store, of an estimated
    /// total, with tokens/s, the time left and skipped records; a <see cref="WorkEventKind.Checkpoint"/> notice
    /// each time a chunk is complete. Cancellation between batches returns <see cref="HarvestOutcome.Cancelled"/>
    /// with the store as it was after its last complete chunk; cancellation while the corpus is still being
    /// scanned throws <see cref="OperationCanceledException"/> before anything is written.
    /// </summary>
    /// <exception cref="FolderLockedException">Another command is writing the store folder.</exception>
    public static HarvestResult Run(HarvestRequest request, IProgress<WorkProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        string modelDir = OrganismModelSpec.Resolve(request.Model);
        string tokenizerDir = OrganismModelSpec.Resolve(request.Tokenizer ?? modelDir);
        var tokenizer = TokenizerLoader.Load(tokenizerDir);
        var template = request.ChatTemplate is { } name ? ChatTemplateCatalog.ByName(name) : ChatTemplateCatalog.GuessFromModelDirectory(tokenizerDir);
        using var model = ModelLoader.Load(modelDir);
        var identity = ModelIdentity.FromDirectory(modelDir);
        string tokenizerName = Path.GetFileName(Path.TrimEndingDirectorySeparator(Path.GetFullPath(tokenizerDir)));
        var harvester = new ActivationHarvester(model, identity, tokenizer, tokenizerName, template);
        string output = request.Harvest.Output;
        using var folderLock = FolderLock.Acquire(output, Stage);   // a second writer is refused, never interleaved
        long durable = ActivationStoreWriter.Exists(output) ? StoreManifestJson.Read(output).Tokens : 0;
        return harvester.Run(request.Harvest, ToWork(progress, durable), cancellationToken);
    }

    /// <summary>Harvest progress as <see cref="WorkProgress"/>, plus a checkpoint notice whenever the complete chunks grow.</summary>
    internal static IProgress<HarvestProgress> ToWork(IProgress<WorkProgress>? progress, long durable)
    {
        return new InlineProgress<HarvestProgress>(p =>
        {
            if (progress is null) return;
            // The total is estimated from the fraction done (by records of the shard, or of the token limit).
            long total = p.Fraction > 0 ? Math.Max(p.Tokens, (long)Math.Round(p.Tokens / p.Fraction)) : 0;
            if (p.DurableTokens > durable)
                progress.Report(WorkProgress.CheckpointAt(Stage, p.DurableTokens, total, "tokens"));
            durable = p.DurableTokens;
            IReadOnlyList<KeyValuePair<string, double>>? metrics = p.SkippedRecords > 0 ? [new("bad records skipped", p.SkippedRecords)] : null;
            progress.Report(new WorkProgress(Stage, p.Tokens, total, "tokens", p.TokensPerSecond, p.Remaining, metrics));
        });
    }
}
