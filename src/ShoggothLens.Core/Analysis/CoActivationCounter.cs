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
    /// One feature's Space-Saving table: partners and counts in slots, an open-addressing id → slot map, and, once the
    /// table is full, a binary min-heap of the slots ordered by (count, then the larger id first), whose root is the
    /// victim a miss replaces. (count, id) is a total order, so any valid heap has the same root: the heap is built only
    /// when the table first fills (a table that never fills never needs a victim), and after that every change is a
    /// count going up by one (a hit, or the victim taking a new id at its count + 1), repaired by one sift-down.
    /// Scanning a Dictionary for the victim made co-activation 30 % of the demo's analyze pass; the Dictionary lookup
    /// and a heap kept for tables that never fill made it 23 %.
    /// </summary>
    sealed class PartnerTable(int initial)
    {
        int[] _ids = new int[initial];
        long[] _counts = new long[initial];
        HeapEntry[] _heap = [];   // heap position → (count, id, slot), valid while _heapBuilt
        int[] _position = [];   // slot → heap position
        bool _heapBuilt;
        // Open addressing with linear probing: _keys holds id + 1 (0 = empty), _slots the slot of that id.
        int[] _keys = new int[SlotMapSize(initial)];
        int[] _slots = new int[SlotMapSize(initial)];

        public int Count { get; private set; }

        public void Increment(int g, int capacity)
        {
            int at = Find(g);
            if (at >= 0)
            {
                int slot = _slots[at];
                _counts[slot]++;
                if (_heapBuilt)
                {
                    int position = _position[slot];
                    _heap[position].Count++;
                    SiftDown(position);
                }
                return;
            }
            if (Count < capacity)
            {
                Append(g, 1, capacity);
                return;
            }
            if (!_heapBuilt) BuildHeap();
            // Full: the partner with the smallest count (ties: the largest id) gives its slot and count + 1 to g.
            int victim = _heap[0].Slot;
            Remove(_ids[victim]);
            Insert(g, victim);
            _ids[victim] = g;
            _counts[victim]++;
            _heap[0] = new HeapEntry(_counts[victim], g, victim);
            SiftDown(0);
        }

        void Append(int g, long count, int capacity)
        {
            if (Count == _ids.Length)
            {
                int size = Math.Min(Math.Max(capacity, Count + 1), Math.Max(4, 2 * _ids.Length));
                Array.Resize(ref _ids, size);
                Array.Resize(ref _counts, size);
            }
            // The heap exists only once the table is full, and a full table never appends.
            System.Diagnostics.Debug.Assert(!_heapBuilt);
            if (2 * (Count + 1) > _keys.Length) Rehash(SlotMapSize(Count + 1));
            int slot = Count++;
            _ids[slot] = g;
            _counts[slot] = count;
            Insert(g, slot);
        }

        static int SlotMapSize(int entries) => (int)Math.Max(8, System.Numerics.BitOperations.RoundUpToPowerOf2((uint)(2 * entries + 1)));

        static int Home(int g, int mask) => (int)(((uint)g * 0x9E3779B1u) >> 7) & mask;

        int Find(int g)
        {
            int mask = _keys.Length - 1, key = g + 1;
            for (int i = Home(g, mask); ; i = (i + 1) & mask)
            {
                int k = _keys[i];
                if (k == key) return i;
                if (k == 0) return -1;
            }
        }

        void Insert(int g, int slot)
        {
            int mask = _keys.Length - 1;
            int i = Home(g, mask);
            while (_keys[i] != 0) i = (i + 1) & mask;
            _keys[i] = g + 1;
            _slots[i] = slot;
        }

        /// <summary>Deletes g's entry by shifting later entries of its probe run back (no tombstones).</summary>
        void Remove(int g)
        {
            int mask = _keys.Length - 1;
            int hole = Find(g);
            for (int j = (hole + 1) & mask; _keys[j] != 0; j = (j + 1) & mask)
            {
                int home = Home(_keys[j] - 1, mask);
                // The entry at j may move into the hole when its home is not in the cyclic range (hole, j].
                bool homeInRange = hole <= j ? home > hole && home <= j : home > hole || home <= j;
                if (homeInRange) continue;
                _keys[hole] = _keys[j];
                _slots[hole] = _slots[j];
                hole = j;
            }
            _keys[hole] = 0;
        }

        void Rehash(int size)
        {
            _keys = new int[size];
            _slots = new int[size];
            for (int slot = 0; slot < Count; slot++) Insert(_ids[slot], slot);
        }

        void BuildHeap()
        {
            if (_heap.Length < _ids.Length)
            {
                _heap = new HeapEntry[_ids.Length];
                _position = new int[_ids.Length];
            }
            for (int i = 0; i < Count; i++)
            {
                _heap[i] = new HeapEntry(_counts[i], _ids[i], i);
                _position[i] = i;
            }
            for (int i = Count / 2 - 1; i >= 0; i--) SiftDown(i);
            _heapBuilt = true;
        }

        /// <summary>The heap's order: a smaller count first, or the same count and a larger id.</summary>
        static bool Before(in HeapEntry a, in HeapEntry b) => a.Count < b.Count || (a.Count == b.Count && a.Id > b.Id);

        /// <summary>Moves the entry at <paramref name="i"/> down to its place, shifting smaller children up (one write each).</summary>
        void SiftDown(int i)
        {
            var entry = _heap[i];
            int count = Count;
            while (true)
            {
                int child = 2 * i + 1;
                if (child >= count) break;
                if (child + 1 < count && Before(_heap[child + 1], _heap[child])) child++;
                if (!Before(_heap[child], entry)) break;
                _heap[i] = _heap[child];
                _position[_heap[i].Slot] = i;
                i = child;
            }
            _heap[i] = entry;
            _position[entry.Slot] = i;
        }

        /// <summary>A heap entry carries its slot's count and id, so comparisons read no other array.</summary>
        struct HeapEntry(long count, int id, int slot)
        {
            public long Count = count;
            public readonly int Id = id, Slot = slot;
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
