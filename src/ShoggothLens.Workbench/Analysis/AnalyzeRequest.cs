using ShoggothLens.Core.Analysis;
using ShoggothLens.Core.Work;

namespace ShoggothLens.Workbench.Analysis;

/// <summary>What <see cref="AnalyzeWorkflow.Run"/> reads, where it writes, and the analysis settings.</summary>
public sealed record AnalyzeRequest
{
    /// <summary>The activation store to analyse.</summary>
    public required string Store { get; init; }

    /// <summary>The SAE folder (SAELens, sparsify or Gemma Scope layout).</summary>
    public required string Sae { get; init; }

    /// <summary>The catalog folder to write (e.g. features/NAME); created when missing.</summary>
    public required string Output { get; init; }

    /// <summary>The same corpus through another checkpoint (e.g. the base model): adds the model diff.</summary>
    public string? CompareStore { get; init; }

    /// <summary>The store's hook to read; null: the SAE's own hook when the store has it, else the store's only hook.</summary>
    public string? Hook { get; init; }

    /// <summary>A model directory or organism spec (<c>organism</c>, <c>organism:base</c>) for logit effects and token strings.</summary>
    public string? Model { get; init; }

    /// <summary>A tokenizer directory or organism spec for token strings; null: the model's, else the shipped organism's
    /// when the store was harvested from it, else ids as text.</summary>
    public string? Tokenizer { get; init; }

    public const int DefaultBatchSize = 1024, DefaultCheckpointEveryChunks = 16;

    /// <summary>Tokens per Encode batch.</summary>
    public int BatchSize { get; init; } = DefaultBatchSize;

    /// <summary>Store chunks between checkpoints of the streaming pass (0: no checkpoints, so nothing to resume).</summary>
    public int CheckpointEveryChunks { get; init; } = DefaultCheckpointEveryChunks;

    /// <summary>Scores' thresholds, example counts, context sizes and the other per-feature settings.</summary>
    public FeatureAnalysisOptions Features { get; init; } = new();

    /// <summary>For <see cref="AnalyzeWorkflow.RunShard"/>: which shard of the store's chunks to pass over. Null for a whole run.</summary>
    public AnalyzeShard? Shard { get; init; }

    /// <summary>For <see cref="AnalyzeWorkflow.Run"/>: the shard states to join instead of passing over the store (each a folder
    /// that <see cref="AnalyzeWorkflow.RunShard"/> wrote, or its state file): all N shards of the same inputs and settings, in any order.</summary>
    public IReadOnlyList<string>? MergeShards { get; init; }

    /// <exception cref="InvalidOptionException">The batch size or checkpoint interval out of range.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A setting of <see cref="Features"/> out of range; <see cref="ArgumentException.ParamName"/> names it.</exception>
    public void Validate()
    {
        Features.Validate();
        if (BatchSize < 1) throw new InvalidOptionException(nameof(BatchSize), "an Encode batch must hold at least one token");
        if (CheckpointEveryChunks < 0) throw new InvalidOptionException(nameof(CheckpointEveryChunks), "the chunks between checkpoints cannot be negative");
        Shard?.Validate();
        if (Shard is not null && MergeShards is not null)
            throw new InvalidOptionException(nameof(MergeShards), "a run either passes over one shard or merges the shards' states, not both");
        if (MergeShards is { Count: 0 }) throw new InvalidOptionException(nameof(MergeShards), "name the shard states to merge");
    }
}
