using System.Diagnostics;
using ShoggothLens.Core.ActivationStore;
using ShoggothLens.Core.Corpus;
using ShoggothLens.Core.Work;
using ShoggothLens.Models.ChatTemplates;
using ShoggothLens.Models.Tokenization;
using ShoggothLens.Models.Transformers;

namespace ShoggothLens.Models.Harvest;

/// <summary>
/// Harvests activations into a store: corpus → documents with roles and labels → windows →
/// batches → forward pass up to the last hook → chunks. A store that already exists is resumed
/// after its last complete chunk (its settings must match). Cancellation is checked between
/// batches; the tokens gathered since the last complete chunk are then dropped, leaving the
/// store as it was after that chunk, ready to resume.
/// </summary>
public sealed class ActivationHarvester(ICausalLm model, ModelIdentity identity, ITextTokenizer tokenizer, string tokenizerName, IChatTemplate template)
{
    const int ProblemsKept = 10;

    /// <summary>Runs (or resumes) the harvest; options that cannot work throw <see cref="InvalidOptionException"/> before any work.</summary>
    public HarvestResult Run(HarvestOptions options, IProgress<HarvestProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        var watch = Stopwatch.StartNew();
        CheckOptions(options);
        var summaries = CorpusScanner.Scan(options.Corpus, cancellationToken);
        var settings = Settings(options, summaries);

        bool resumed = ActivationStoreWriter.Exists(options.Output);
        using var writer = resumed
            ? ActivationStoreWriter.Resume(options.Output, settings)
            : ActivationStoreWriter.Create(options.Output, settings);
        long startTokens = writer.Manifest.Tokens;
        var problems = new List<string>();
        long skippedThisRun = 0;
        var forwardTime = new Stopwatch();
        HarvestResult Result(HarvestOutcome outcome) =>
            new(outcome, writer.Manifest, writer.Manifest.Tokens - startTokens, watch.Elapsed, forwardTime.Elapsed, resumed, skippedThisRun, problems);
        if (writer.Manifest.Complete) return Result(HarvestOutcome.AlreadyComplete);

        var reader = new CorpusReader(options.Corpus, new CorpusReaderOptions { SkipBad = options.SkipBad, MaxLineBytes = options.MaxLineBytes, StreamPlainText = true });
        var batcher = new WindowBatcher(reader, summaries, new DocumentTokenizer(tokenizer, template), settings.Shard,
            options.Context, options.BatchSize, options.RecordsPerBlock);
        batcher.BadRecord += (record, problem) =>
        {
            skippedThisRun++;
            if (problems.Count < ProblemsKept) problems.Add($"{record.Location}: {problem}");
        };

        using var forward = new BatchForward(model, options.Hooks, options.BatchSize, options.Context);
        var meter = new HarvestMeter(settings.Shard, options.MaxTokens, writer.Manifest.Cursor.Record, startTokens);
        foreach (var batch in batcher.Batches(writer.Manifest.Cursor, writer.Manifest.SkippedRecords))
        {
            if (cancellationToken.IsCancellationRequested) return Result(HarvestOutcome.Cancelled);

            writer.BeginBatch(batch.Start, batch.SkippedBefore);
            forwardTime.Start();
            var activations = forward.Run(batch, out int sequence);
            forwardTime.Stop();
            long skip = batch.Start.SkipTokens, stored = 0;
            long room = options.MaxTokens is { } max ? max - writer.Tokens : long.MaxValue;
            for (int i = 0; i < batch.Windows.Count && room > 0; i++)
            {
                var window = batch.Windows[i];
                int from = (int)Math.Min(skip, window.Length);
                skip -= from;
                int count = (int)Math.Min(window.Length - from, room);
                if (count <= 0) continue;
                AppendWindow(writer, window, from, count, activations, (long)i * sequence * forward.DModel);
                room -= count;
                stored += count;
            }
            progress?.Report(meter.After(batch, writer.Tokens, batcher.SkippedRecords, writer.Manifest.Tokens));
            if (room <= 0)
            {
                // --max-tokens reached inside this batch: the cursor records exactly where it cut.
                writer.Complete(batch.Start with { SkipTokens = batch.Start.SkipTokens + stored }, batch.SkippedBefore);
                return Result(HarvestOutcome.ReachedMaxTokens);
            }
        }
        if (cancellationToken.IsCancellationRequested) return Result(HarvestOutcome.Cancelled);
        writer.Complete(HarvestCursor.At(settings.Shard.EndRecord), batcher.SkippedRecords);
        return Result(HarvestOutcome.Completed);
    }

    static void AppendWindow(ActivationStoreWriter writer, HarvestWindow window, int from, int count, IReadOnlyList<float[]> activations, long windowOffset)
    {
        var documents = new long[count];
        Array.Fill(documents, window.Source.Index);
        var positions = new int[count];
        for (int k = 0; k < count; k++) positions[k] = window.Start + from + k;
        var run = new TokenRun
        {
            TokenIds = window.Ids.AsSpan(from, count),
            RoleIndices = window.RoleIndices.AsSpan(from, count),
            Roles = window.Roles,
            DocumentIndices = documents,
            Documents = [window.Source],
            Positions = positions,
            LabelBits = window.LabelBits.AsSpan(from, count),
            LabelNames = window.LabelNames,
        };
        writer.Append(run, new FloatActivationRows(activations, writer.Settings.DModel, windowOffset + (long)from * writer.Settings.DModel));
    }

    void CheckOptions(HarvestOptions options)
    {
        if (options.Corpus.Count == 0) throw new InvalidOptionException(nameof(HarvestOptions.Corpus), "give at least one corpus file");
        if (options.Hooks.Count == 0) throw new InvalidOptionException(nameof(HarvestOptions.Hooks), "give at least one hook point");
        foreach (var hook in options.Hooks)
            if (!model.HookPointNames.Contains(hook))
                throw new ArgumentException($"unknown hook point '{hook}' for this {model.Config.ModelType} model; valid names are {string.Join(", ", model.HookPointNames)}");
        if (options.Context < 1) throw new InvalidOptionException(nameof(HarvestOptions.Context), $"the context must be at least 1 token, got {options.Context}");
        if (model.Config.Rope is null && options.Context > model.Config.MaxPositions)
            throw new ArgumentException($"a context of {options.Context} tokens exceeds this {model.Config.ModelType} model's {model.Config.MaxPositions} learned positions");
        if (options.BatchSize < 1) throw new InvalidOptionException(nameof(HarvestOptions.BatchSize), $"the batch must be at least 1 window, got {options.BatchSize}");
        if (options.MaxTokens is < 1) throw new InvalidOptionException(nameof(HarvestOptions.MaxTokens), $"the token limit must be at least 1, got {options.MaxTokens}");
        if (tokenizer.VocabSize > model.Config.VocabSize)
            throw new ArgumentException($"the tokenizer has {tokenizer.VocabSize} ids, more than the model's vocabulary of {model.Config.VocabSize}");
    }

    StoreSettings Settings(HarvestOptions options, IReadOnlyList<CorpusFileSummary> summaries)
    {
        var harvest = new HarvestParameters(summaries, tokenizerName, template.Name, options.Context, options.BatchSize, options.RecordsPerBlock, options.MaxTokens);
        var shard = ShardRange.Compute(options.ShardIndex, options.ShardCount, harvest.TotalRecords, options.RecordsPerBlock);
        int dModel = model.Config.DModel;
        int chunkTokens = options.ChunkTokens ?? StoreSettings.ChunkTokensFor(dModel, options.DType, options.Hooks.Count);
        return new StoreSettings(identity.Id, identity.Fingerprint, options.Hooks.ToArray(), dModel, options.DType, chunkTokens, harvest, shard);
    }
}
