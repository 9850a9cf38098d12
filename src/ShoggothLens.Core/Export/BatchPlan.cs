using ShoggothLens.Core.Work;

namespace ShoggothLens.Core.Export;

/// <summary>
/// How a feature range is cut into batch files: batch N holds features [First + N·BatchSize, First + (N+1)·BatchSize)
/// (the last one fewer), whatever the shard. Shard i of S takes the contiguous run of whole batches
/// ⌊nb·i/S⌋ … ⌊nb·(i+1)/S⌋ − 1, so the shards' files together are exactly the unsharded export.
/// </summary>
public sealed record BatchPlan
{
    public BatchPlan(int first, int end, int batchSize)
    {
        if (first < 0 || first >= end) throw new ArgumentException($"feature range {first}-{end - 1} is empty or negative");
        if (batchSize < 1) throw new InvalidOptionException(nameof(BatchSize), $"the batch size (features per file) must be ≥ 1, got {batchSize}");
        First = first;
        End = end;
        BatchSize = batchSize;
    }

    /// <summary>First feature id of the selection.</summary>
    public int First { get; }
    /// <summary>One past the last feature id of the selection.</summary>
    public int End { get; }
    public int BatchSize { get; }

    public int Features => End - First;
    public int Batches => (int)(((long)End - First + BatchSize - 1) / BatchSize);

    /// <summary>Feature ids [From, To) of batch <paramref name="batch"/>.</summary>
    public (int From, int To) Range(int batch)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(batch);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(batch, Batches);
        long from = First + (long)batch * BatchSize;
        return ((int)from, (int)Math.Min(End, from + BatchSize));
    }

    /// <summary>Batch indices [First, End) shard <paramref name="shard"/> of <paramref name="shards"/> writes.</summary>
    public (int First, int End) Shard(int shard, int shards)
    {
        if (shards < 1 || shard < 0 || shard >= shards) throw new ArgumentException($"shard {shard}/{shards} is not valid");
        return ((int)((long)Batches * shard / shards), (int)((long)Batches * (shard + 1) / shards));
    }

    /// <summary>Features shard <paramref name="shard"/> of <paramref name="shards"/> covers.</summary>
    public int ShardFeatures(int shard, int shards)
    {
        var (b0, b1) = Shard(shard, shards);
        return b0 == b1 ? 0 : Range(b1 - 1).To - Range(b0).From;
    }

    /// <summary>
    /// Parses "A-B" (inclusive) against a catalog of <paramref name="count"/> features; null means all. A bad range's
    /// message starts with <paramref name="name"/> (a front end passes its own name for the value, e.g. its flag).
    /// </summary>
    public static (int First, int End) ParseRange(string? text, int count, string name = "a feature range")
    {
        if (count < 1) throw new ArgumentException("the catalog holds no features");
        if (text is null) return (0, count);
        var parts = text.Split('-');
        if (parts.Length != 2 || !int.TryParse(parts[0], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int first)
            || !int.TryParse(parts[1], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int last)
            || last < first || last >= count)
            throw new FormatException($"{name} expects A-B with 0 ≤ A ≤ B < {count}; got '{text}'");
        return (first, last + 1);
    }
}
