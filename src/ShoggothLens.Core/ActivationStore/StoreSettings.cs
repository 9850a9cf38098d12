namespace ShoggothLens.Core.ActivationStore;

/// <summary>
/// What a store holds and how it was harvested; fixed when the store is created. A model is
/// identified by its directory name and a fingerprint of its config and weight headers.
/// <see cref="ChunkTokens"/> is every chunk's token count except the last one's.
/// </summary>
public sealed record StoreSettings(
    string ModelId,
    string ModelFingerprint,
    IReadOnlyList<string> Hooks,
    int DModel,
    ActivationDType DType,
    int ChunkTokens,
    HarvestParameters Harvest,
    ShardRange Shard)
{
    /// <summary>Keeps one chunk's activations for one hook within a single .NET array.</summary>
    public const long MaxChunkActivationBytes = 1L << 30;

    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(ModelId)) throw new ArgumentException("a store needs a model id");
        if (Hooks.Count == 0) throw new ArgumentException("a store needs at least one hook");
        if (Hooks.Distinct(StringComparer.Ordinal).Count() != Hooks.Count) throw new ArgumentException("a hook is listed twice");
        ArgumentOutOfRangeException.ThrowIfLessThan(DModel, 1);
        if (ChunkTokens < 1) throw new ArgumentException($"chunk size must be at least 1 token, got {ChunkTokens}");
        if ((long)ChunkTokens * DModel * DType.Size() > MaxChunkActivationBytes)
            throw new ArgumentException(
                $"{ChunkTokens} tokens × d_model {DModel} × {DType.Size()} bytes exceeds the {MaxChunkActivationBytes >> 20} MiB a chunk may hold per hook");
        if (Harvest.Context < 1) throw new ArgumentException($"context must be at least 1 token, got {Harvest.Context}");
        if (Harvest.BatchSize < 1) throw new ArgumentException($"batch size must be at least 1, got {Harvest.BatchSize}");
        if (Harvest.RecordsPerBlock < 1) throw new ArgumentException($"records per block must be at least 1, got {Harvest.RecordsPerBlock}");
    }

    /// <summary>A chunk size near <paramref name="targetBytes"/> for this width, dtype and hook count (a multiple of 1024 tokens).</summary>
    public static int ChunkTokensFor(int dModel, ActivationDType dtype, int hookCount, long targetBytes = 64L << 20)
    {
        long perToken = (long)dModel * dtype.Size() * hookCount + 22; // + token id, role, document, position, labels
        long tokens = Math.Max(1024, targetBytes / perToken / 1024 * 1024);
        return (int)Math.Min(tokens, MaxChunkActivationBytes / ((long)dModel * dtype.Size()));
    }
}
