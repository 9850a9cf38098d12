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
    readonly PartnerTable?[] _partners;
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
        _partners = new PartnerTable?[features];
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
            var table = _partners[f] ??= new PartnerTable(Math.Min(_capacity, 16));
            for (int j = 0; j < count; j++)
                if (j != i) table.Increment(_top[j], _capacity);
        }
    }

    static bool Stronger(float v, int f, float w, int g) => v > w || (v == w && f < g);

    /// <summary>
    /// One feature's Space-Saving table: partners and counts in slots, an id → slot map, and a binary min-heap of the
    /// slots ordered by (count, then the larger id first), whose root is the victim a miss in a full table replaces.
    /// Every change is a count going up by one (a hit, or the victim taking a new id at its count + 1), so the heap is
    /// repaired by one sift-down. Scanning a Dictionary for the victim instead made co-activation 30 % of the demo's
    /// analyze pass.
    /// </summary>
    sealed class PartnerTable(int initial)
    {
        readonly Dictionary<int, int> _slot = new(initial);
        int[] _ids = new int[initial];
        long[] _counts = new long[initial];
        int[] _heap = new int[initial];   // heap position → slot
        int[] _position = new int[initial];   // slot → heap position

        public int Count { get; private set; }

        public void Increment(int g, int capacity)
        {
            if (_slot.TryGetValue(g, out int slot))
            {
                _counts[slot]++;
                SiftDown(_position[slot]);
                return;
            }
            if (Count < capacity)
            {
                Append(g, 1, capacity);
                return;
            }
            // Full: the partner with the smallest count (ties: the largest id) gives its slot and count + 1 to g.
            int victim = _heap[0];
            _slot.Remove(_ids[victim]);
            _slot[g] = victim;
            _ids[victim] = g;
            _counts[victim]++;
            SiftDown(0);
        }

        void Append(int g, long count, int capacity)
        {
            if (Count == _ids.Length)
            {
                int size = Math.Min(Math.Max(capacity, Count + 1), Math.Max(4, 2 * _ids.Length));
                Array.Resize(ref _ids, size);
                Array.Resize(ref _counts, size);
                Array.Resize(ref _heap, size);
                Array.Resize(ref _position, size);
            }
            int slot = Count++;
            _slot[g] = slot;
            _ids[slot] = g;
            _counts[slot] = count;
            _heap[slot] = slot;
            _position[slot] = slot;
            SiftUp(slot);
        }

        /// <summary>Slot a goes before slot b: a smaller count, or the same count and a larger id.</summary>
        bool Before(int a, int b) => _counts[a] < _counts[b] || (_counts[a] == _counts[b] && _ids[a] > _ids[b]);

        void Swap(int i, int j)
        {
            (_heap[i], _heap[j]) = (_heap[j], _heap[i]);
            _position[_heap[i]] = i;
            _position[_heap[j]] = j;
        }

        void SiftUp(int i)
        {
            while (i > 0)
            {
                int parent = (i - 1) / 2;
                if (!Before(_heap[i], _heap[parent])) return;
                Swap(i, parent);
                i = parent;
            }
        }

        void SiftDown(int i)
        {
            while (true)
            {
                int left = 2 * i + 1, first = i;
                if (left < Count && Before(_heap[left], _heap[first])) first = left;
                if (left + 1 < Count && Before(_heap[left + 1], _heap[first])) first = left + 1;
                if (first == i) return;
                Swap(i, first);
                i = first;
            }
        }

        public IEnumerable<KeyValuePair<int, long>> Entries()
        {
            for (int i = 0; i < Count; i++) yield return new(_ids[i], _counts[i]);
        }

        public Dictionary<int, long> ToDictionary()
        {
            var d = new Dictionary<int, long>(Count);
            for (int i = 0; i < Count; i++) d[_ids[i]] = _counts[i];
            return d;
        }

        public static PartnerTable From(IEnumerable<KeyValuePair<int, long>> entries, int initial)
        {
            var table = new PartnerTable(initial);
            foreach (var (g, c) in entries) table.Append(g, c, int.MaxValue);
            return table;
        }
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
            if (other._partners[f]?.ToDictionary() is not { } theirs) continue;
            if (_partners[f]?.ToDictionary() is not { } mine)
            {
                _partners[f] = PartnerTable.From(theirs, Math.Max(theirs.Count, Math.Min(_capacity, 16)));
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
            _partners[f] = PartnerTable.From(union, Math.Max(union.Count, Math.Min(_capacity, 16)));
        }
    }

    /// <summary>Tokens where the feature was among the token's top m.</summary>
    public long TopMCount(int feature) => _n[feature];

    /// <summary>The counted partners of a feature (exact while it has at most capacity partners).</summary>
    public IReadOnlyDictionary<int, long> Partners(int feature) => _partners[feature]?.ToDictionary() ?? new Dictionary<int, long>();

    /// <summary>The <paramref name="count"/> partners with the largest Jaccard index, largest first (ties: lower id).</summary>
    public List<FeatureLink> Top(int feature, int count)
    {
        var links = new List<FeatureLink>();
        if (_partners[feature] is not { } table) return links;
        long nf = _n[feature];
        foreach (var (g, c) in table.Entries())
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
            foreach (var (g, c) in table.Entries().OrderBy(p => p.Key))
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
            var entries = new KeyValuePair<int, long>[count];
            for (int i = 0; i < count; i++) entries[i] = new(reader.ReadInt32(), reader.ReadInt64());
            _partners[f] = PartnerTable.From(entries, Math.Max(count, Math.Min(_capacity, 16)));
        }
    }
}
