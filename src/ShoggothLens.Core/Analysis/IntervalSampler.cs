namespace ShoggothLens.Core.Analysis;

/// <summary>
/// A uniform sample without replacement of the tokens in each histogram bin of each feature: bottom-k
/// sampling, where every (feature, token) gets a pseudo-random key (a hash of seed, feature and token) and a
/// bin keeps the k tokens with the smallest keys. The sample of a union of bins is the k smallest keys among
/// the bins' samples, so merging bins when the <see cref="DoublingHistogram"/> doubles its width is exact, and
/// the result depends only on the set of tokens, never on their order. Memory: per firing feature
/// bins × k × 20 bytes, allocated on its first firing.
/// </summary>
public sealed class IntervalSampler
{
    /// <summary>A sampled token: its key, store token index and activation.</summary>
    public readonly record struct Sample(ulong Key, long Token, float Activation);

    readonly int _features, _bins, _k;
    readonly ulong _seed;
    readonly Sample[]?[] _samples;
    readonly byte[] _counts;

    public IntervalSampler(int features, int bins, int k, ulong seed)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(features, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(bins, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(k);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(k, 255);
        _features = features;
        _bins = bins;
        _k = k;
        _seed = seed;
        _samples = new Sample[]?[features];
        _counts = new byte[checked(features * bins)];
    }

    public int PerBin => _k;

    /// <summary>The sampling key of a token for a feature.</summary>
    public ulong Key(int feature, long token) =>
        StateIO.Mix(StateIO.Mix(_seed ^ ((ulong)(uint)feature * 0xD1B54A32D192ED03UL)) ^ (ulong)token);

    public void Add(int feature, int bin, long token, float activation)
    {
        if (_k == 0) return;
        var samples = _samples[feature] ??= new Sample[_bins * _k];
        int countIndex = feature * _bins + bin;
        int count = _counts[countIndex];
        ulong key = Key(feature, token);
        int start = bin * _k;
        if (count < _k)
        {
            samples[start + count] = new Sample(key, token, activation);
            _counts[countIndex] = (byte)(count + 1);
            return;
        }
        int worst = start;
        for (int i = start + 1; i < start + _k; i++)
            if (Later(samples[i], samples[worst])) worst = i;
        if (Later(samples[worst], new Sample(key, token, activation))) samples[worst] = new Sample(key, token, activation);
    }

    static bool Later(in Sample a, in Sample b) => a.Key != b.Key ? a.Key > b.Key : a.Token > b.Token;

    /// <summary>The histogram's width grew by 2^shifts: new bin i is old bins [i·2^shifts, (i+1)·2^shifts).</summary>
    public void Widen(int feature, int shifts)
    {
        if (shifts <= 0 || _samples[feature] is not { } samples) return;
        int factor = shifts >= 30 ? int.MaxValue : 1 << shifts;
        var merged = new Sample[_bins * _k];
        var counts = new byte[_bins];
        var pool = new List<Sample>();
        for (int bin = 0; bin < _bins; bin++)
        {
            pool.Clear();
            long first = (long)bin * factor;
            if (first >= _bins) break;
            long end = Math.Min(_bins, first + factor);
            for (long old = first; old < end; old++)
                for (int i = 0; i < _counts[feature * _bins + old]; i++) pool.Add(samples[old * _k + i]);
            pool.Sort(static (a, b) => a.Key != b.Key ? a.Key.CompareTo(b.Key) : a.Token.CompareTo(b.Token));
            int keep = Math.Min(_k, pool.Count);
            for (int i = 0; i < keep; i++) merged[bin * _k + i] = pool[i];
            counts[bin] = (byte)keep;
        }
        _samples[feature] = merged;
        counts.CopyTo(_counts.AsSpan(feature * _bins, _bins));
    }

    /// <summary>
    /// Merges another sampler's samples of a feature (at the same histogram width) into this one: each bin keeps the
    /// k smallest keys of both, which is the bin's sample of the union of their tokens (shards of an analysis).
    /// </summary>
    public void Merge(int feature, IntervalSampler other)
    {
        if (other._k != _k || other._bins != _bins || other._seed != _seed) throw new ArgumentException("the samplers differ in bins, samples per bin or seed");
        if (_k == 0 || other._samples[feature] is not { } theirs) return;
        var mine = _samples[feature] ??= new Sample[_bins * _k];
        var pool = new List<Sample>(2 * _k);
        for (int bin = 0; bin < _bins; bin++)
        {
            int index = feature * _bins + bin;
            if (other._counts[index] == 0) continue;
            pool.Clear();
            for (int i = 0; i < _counts[index]; i++) pool.Add(mine[bin * _k + i]);
            for (int i = 0; i < other._counts[index]; i++) pool.Add(theirs[bin * _k + i]);
            pool.Sort(static (a, b) => a.Key != b.Key ? a.Key.CompareTo(b.Key) : a.Token.CompareTo(b.Token));
            int keep = Math.Min(_k, pool.Count);
            for (int i = 0; i < keep; i++) mine[bin * _k + i] = pool[i];
            _counts[index] = (byte)keep;
        }
    }

    /// <summary>The samples of bins [first, end) of a feature merged: the k smallest keys, ordered by key.</summary>
    public List<Sample> Samples(int feature, int first, int end)
    {
        var pool = new List<Sample>();
        if (_samples[feature] is { } samples)
            for (int bin = first; bin < end; bin++)
                for (int i = 0; i < _counts[feature * _bins + bin]; i++) pool.Add(samples[bin * _k + i]);
        pool.Sort(static (a, b) => a.Key != b.Key ? a.Key.CompareTo(b.Key) : a.Token.CompareTo(b.Token));
        if (pool.Count > _k) pool.RemoveRange(_k, pool.Count - _k);
        return pool;
    }

    internal void Save(BinaryWriter writer)
    {
        StateIO.WriteArray<byte>(writer, _counts);
        for (int f = 0; f < _features; f++)
        {
            writer.Write(_samples[f] is not null);
            if (_samples[f] is { } s) StateIO.WriteArray<Sample>(writer, s);
        }
    }

    internal void Load(BinaryReader reader)
    {
        StateIO.ReadInto<byte>(reader, _counts);
        for (int f = 0; f < _features; f++)
            _samples[f] = reader.ReadBoolean() ? StateIO.ReadArray<Sample>(reader, _bins * _k) : null;
    }
}
