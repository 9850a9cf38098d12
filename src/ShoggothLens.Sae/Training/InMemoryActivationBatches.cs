using System.Text.Json;
using ShoggothLens.Core.Randomness;

namespace ShoggothLens.Sae.Training;

/// <summary>
/// Activation rows held in memory (synthetic data, tests), served in a fresh seeded permutation
/// every epoch: every row once per epoch, batches may span an epoch boundary.
/// </summary>
public sealed class InMemoryActivationBatches : IActivationBatches
{
    readonly float[] _rows;
    readonly int _count;
    readonly ulong _seed;
    int[] _order = [];
    long _epoch = -1;
    int _next;

    public InMemoryActivationBatches(float[] rows, int dIn, ulong seed)
    {
        if (dIn < 1 || rows.Length == 0 || rows.Length % dIn != 0)
            throw new ArgumentException($"{rows.Length} values do not form rows of d_in = {dIn}");
        _rows = rows;
        DIn = dIn;
        _count = rows.Length / dIn;
        _seed = seed;
        StartEpoch(0);
    }

    public int DIn { get; }
    public long TokensPerEpoch => _count;

    public void Next(Span<float> destination, int batchSize)
    {
        if (destination.Length != (long)batchSize * DIn) throw new ArgumentException($"destination holds {destination.Length} values, not {batchSize}×{DIn}");
        for (int b = 0; b < batchSize; b++)
        {
            if (_next == _count) StartEpoch(_epoch + 1);
            _rows.AsSpan(_order[_next++] * DIn, DIn).CopyTo(destination.Slice(b * DIn, DIn));
        }
    }

    void StartEpoch(long epoch)
    {
        // Fisher–Yates with a generator seeded by (seed, epoch): any epoch's order can be rebuilt alone.
        var rng = new SplitMix64(_seed ^ (0x9E3779B97F4A7C15UL * (ulong)(epoch + 1)));
        _order = Enumerable.Range(0, _count).ToArray();
        for (int i = _count - 1; i > 0; i--)
        {
            int j = (int)(rng.NextUInt64() % (ulong)(i + 1));
            (_order[i], _order[j]) = (_order[j], _order[i]);
        }
        _epoch = epoch;
        _next = 0;
    }

    public string SavePosition() => JsonSerializer.Serialize(new Position(_epoch, _next));

    public void RestorePosition(string position)
    {
        Position? p;
        try { p = JsonSerializer.Deserialize<Position>(position); }
        catch (JsonException e) { throw new FormatException($"not an in-memory batch position: {e.Message}"); }
        if (p is null || p.Epoch < 0 || p.Next < 0 || p.Next > _count)
            throw new FormatException($"batch position {position} is out of range for {_count} rows");
        StartEpoch(p.Epoch);
        _next = p.Next;
    }

    sealed record Position(long Epoch, int Next);
}
