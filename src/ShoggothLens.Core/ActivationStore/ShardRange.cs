namespace ShoggothLens.Core.ActivationStore;

/// <summary>
/// The records [<see cref="FirstRecord"/>, <see cref="EndRecord"/>) that shard <see cref="Index"/>
/// of <see cref="Count"/> harvests. Records are grouped into blocks of a fixed size, batches never
/// cross a block, and shards take contiguous runs of whole blocks: so every shard forms exactly
/// the batches the unsharded run forms, their activations are bit-identical, and concatenating
/// shards 0..N-1 gives the unsharded token sequence.
/// </summary>
public readonly record struct ShardRange(int Index, int Count, long FirstRecord, long EndRecord)
{
    public static ShardRange Whole(long records) => new(0, 1, 0, records);

    public bool IsWhole => Count == 1;

    public long Records => EndRecord - FirstRecord;

    public static ShardRange Compute(int index, int count, long totalRecords, int recordsPerBlock)
    {
        if (count < 1) throw new ArgumentOutOfRangeException(nameof(count), count, "a shard count is at least 1");
        if (index < 0 || index >= count) throw new ArgumentOutOfRangeException(nameof(index), index, $"shard index must be in 0..{count - 1}");
        ArgumentOutOfRangeException.ThrowIfLessThan(recordsPerBlock, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(totalRecords);
        long blocks = (totalRecords + recordsPerBlock - 1) / recordsPerBlock;
        long first = Math.Min(totalRecords, blocks * index / count * recordsPerBlock);
        long end = Math.Min(totalRecords, blocks * (index + 1) / count * recordsPerBlock);
        return new ShardRange(index, count, first, end);
    }

    /// <summary>Parses "i/N"; a bad spec's message starts with <paramref name="name"/> (a front end passes its own name for the value, e.g. its flag).</summary>
    public static (int Index, int Count) ParseSpec(string spec, string name = "a shard")
    {
        var parts = spec.Split('/');
        if (parts.Length != 2 || !int.TryParse(parts[0], out int i) || !int.TryParse(parts[1], out int n) || n < 1 || i < 0 || i >= n)
            throw new FormatException($"{name} expects i/N with 0 ≤ i < N, e.g. 0/3; got '{spec}'");
        return (i, n);
    }

    public override string ToString() => IsWhole ? "whole corpus" : $"shard {Index}/{Count} (records {FirstRecord}..{EndRecord - 1})";
}
