using ShoggothLens.Core.ActivationStore;
using ShoggothLens.Core.Corpus;

namespace ShoggothLens.Models.Harvest;

/// <summary>What <c>shoggoth harvest</c> is asked to do.</summary>
public sealed record HarvestOptions
{
    public required IReadOnlyList<string> Corpus { get; init; }
    public required IReadOnlyList<string> Hooks { get; init; }
    public required string Output { get; init; }

    /// <summary>Window length in tokens; longer documents are cut into consecutive windows.</summary>
    public int Context { get; init; } = 128;

    /// <summary>Windows per forward pass.</summary>
    public int BatchSize { get; init; } = 32;

    /// <summary>Stop once the store holds this many tokens (null: the whole shard).</summary>
    public long? MaxTokens { get; init; }

    public ActivationDType DType { get; init; } = ActivationDType.F32;

    /// <summary>Shard index and count (0 of 1: the whole corpus).</summary>
    public int ShardIndex { get; init; }
    public int ShardCount { get; init; } = 1;

    /// <summary>Records per block: batches never cross a block and shards split between blocks.</summary>
    public int RecordsPerBlock { get; init; } = 256;

    /// <summary>Tokens per chunk (null: about 64 MiB of activations).</summary>
    public int? ChunkTokens { get; init; }

    public bool SkipBad { get; init; }
    public int MaxLineBytes { get; init; } = CorpusReaderOptions.DefaultMaxLineBytes;
}
