namespace ShoggothLens.Core.Analysis;

/// <summary>
/// Which features fire on the same tokens. Per token only its <c>m</c> strongest firing features take part
/// (ties: the lower feature id), so the cost is m(m−1) counter updates per token whatever the SAE's L0.
/// For every feature f: n_f = tokens where f is among the token's top m, and c(f, g) = tokens where f and g
/// both are, held in a Space-Saving table of at most <c>capacity</c> partners (Metwally et al., 2005): a
/// partner not in a full table replaces the one with the smallest count (ties: the largest id) and inherits
/// that count plus one. While f has at most <c>capacity</c> distinct partners every count is exact; beyond,
/// any partner with c(f, g) above n_f / capacity is kept, with its count overestimated by at most n_f / capacity.
/// The score is the Jaccard index c / (n_f + n_g − c) of the two top-m firing sets, which (unlike
/// P(g | f)) does not put the densest features at the top of every list. Memory: ≈ 40 bytes per kept partner.
/// </summary>
public sealed class CoActivationCounter
{
    readonly int _features, _m, _capacity;
    readonly long[] _n;
    readonly Dictionary<int, long>?[] _partners;
    readonly int[] _top;
    readonly float[] _topValues;

    public CoActivationCounter(int features, int topM, int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(features, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(topM, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        _features = features;
        _m = topM;
        _capacity = capacity;
        _n = new long[features];
        _partners = new Dictionary<int, long>?[features];
        _top = new int[topM];
        _topValues = new float[topM];
    }

    /// <summary>Adds one token's firing features (ids distinct; values ≤ 0 are ignored).</summary>
    public void Add(ReadOnlySpan<int> features, ReadOnlySpan<float> values)
    {
        int count = 0;
        for (int i = 0; i < features.Length; i++)
        {
            float v = values[i];
            if (!(v > 0)) continue;
            int f = features[i];
            // Insert into the top-m list, sorted strongest first (ties: lower id first).
            if (count == _m && !Stronger(v, f, _topValues[_m - 1], _top[_m - 1])) continue;
            int at = count < _m ? count++ : _m - 1;
            while (at > 0 && Stronger(v, f, _topValues[at - 1], _top[at - 1]))
            {
                _top[at] = _top[at - 1];
                _topValues[at] = _topValues[at - 1];
                at--;
            }
            _top[at] = f;
            _topValues[at] = v;
        }
        for (int i = 0; i < count; i++)
        {
            int f = _top[i];
            _n[f]++;
            var table = _partners[f] ??= new Dictionary<int, long>(Math.Min(_capacity, 16));
            for (int j = 0; j < count; j++)
                if (j != i) Increment(table, _top[j]);
        }
    }

    static bool Stronger(float v, int f, float w, int g) => v > w || (v == w && f < g);

    void Increment(Dictionary<int, long> table, int g)
    {
        if (table.TryGetValue(g, out long c)) { table[g] = c + 1; return; }
        if (table.Count < _capacity) { table[g] = 1; return; }
        int victim = -1; long least = long.MaxValue;
        foreach (var (h, count) in table)
            if (count < least || (count == least && h > victim)) { least = count; victim = h; }
        table.Remove(victim);
        table[g] = least + 1;
    }

    /// <summary>
    /// Adds the counts of another counter (the tokens of another shard). n_f adds exactly. Partner tables merge as
    /// Space-Saving summaries do (Agarwal et al., "Mergeable summaries", 2012): a partner missing from a full table
    /// is taken at that table's smallest count (an upper bound of its true count there), counts add, and the
    /// <c>capacity</c> largest are kept (ties: the lower id). Counts therefore never fall below the true ones and
    /// exceed them by at most U_f / capacity (U_f: partner updates of f, ≤ n_f (m − 1)), as in one pass; while f has
    /// at most <c>capacity</c> partners in all, no table fills and the merged counts are exact (equal to one pass's).
    /// </summary>
    public void Merge(CoActivationCounter other)
    {
        if (other._features != _features || other._m != _m || other._capacity != _capacity)
            throw new ArgumentException("the co-activation counters differ in features, top m or capacity");
        for (int f = 0; f < _features; f++)
        {
            _n[f] += other._n[f];
            if (other._partners[f] is not { } theirs) continue;
            if (_partners[f] is not { } mine)
            {
                _partners[f] = new Dictionary<int, long>(theirs);
                continue;
            }
            long mineFloor = mine.Count >= _capacity ? mine.Values.Min() : 0;
            long theirFloor = theirs.Count >= _capacity ? theirs.Values.Min() : 0;
            var union = new Dictionary<int, long>(mine.Count + theirs.Count);
            foreach (var (g, c) in mine) union[g] = c + (theirs.TryGetValue(g, out long t) ? t : theirFloor);
            foreach (var (g, c) in theirs)
                if (!mine.ContainsKey(g)) union[g] = c + mineFloor;
            if (union.Count > _capacity)
            {
                var kept = union.OrderByDescending(p => p.Value).ThenBy(p => p.Key).Take(_capacity).ToList();
                union = new Dictionary<int, long>(_capacity);
                foreach (var (g, c) in kept) union[g] = c;
            }
            _partners[f] = union;
        }
    }

    /// <summary>Tokens where the feature was among the token's top m.</summary>
    public long TopMCount(int feature) => _n[feature];

    /// <summary>The counted partners of a feature (exact while it has at most capacity partners).</summary>
    public IReadOnlyDictionary<int, long> Partners(int feature) => _partners[feature] ?? (IReadOnlyDictionary<int, long>)new Dictionary<int, long>();

    /// <summary>The <paramref name="count"/> partners with the largest Jaccard index, largest first (ties: lower id).</summary>
    public List<FeatureLink> Top(int feature, int count)
    {
        var links = new List<FeatureLink>();
        if (_partners[feature] is not { } table) return links;
        long nf = _n[feature];
        foreach (var (g, c) in table)
        {
            double union = nf + _n[g] - c;
            links.Add(new FeatureLink(g, union > 0 ? Math.Min(1.0, c / union) : 0));
        }
        links.Sort(static (a, b) => a.Value != b.Value ? b.Value.CompareTo(a.Value) : a.Feature.CompareTo(b.Feature));
        if (links.Count > count) links.RemoveRange(count, links.Count - count);
        return links;
    }

    internal void Save(BinaryWriter writer)
    {
        StateIO.WriteArray<long>(writer, _n);
        for (int f = 0; f < _features; f++)
        {
            var table = _partners[f];
            writer.Write(table?.Count ?? -1);
            if (table is null) continue;
            foreach (var (g, c) in table.OrderBy(p => p.Key))
            {
                writer.Write(g);
                writer.Write(c);
            }
        }
    }

    internal void Load(BinaryReader reader)
    {
        StateIO.ReadInto<long>(reader, _n);
        for (int f = 0; f < _features; f++)
        {
            int count = reader.ReadInt32();
            if (count < 0) { _partners[f] = null; continue; }
            var table = new Dictionary<int, long>(Math.Max(count, Math.Min(_capacity, 16)));
            for (int i = 0; i < count; i++) table[reader.ReadInt32()] = reader.ReadInt64();
            _partners[f] = table;
        }
    }
}
