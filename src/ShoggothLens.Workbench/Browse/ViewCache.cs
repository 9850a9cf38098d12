namespace ShoggothLens.Workbench.Browse;

/// <summary>
/// The grid views computed lately, shared by every session: least recently used first out, bounded by the rows the
/// views hold together (a view of the whole catalog costs as much as a thousand small ones). With many users each
/// walking their own views (a feature page re-asks for its grid's view on every prev/next), a cache that forgot
/// everything at its 32nd entry recomputed views a session had asked for a moment before.
/// </summary>
public sealed class ViewCache(long maxRows)
{
    readonly object _gate = new();
    readonly Dictionary<FeatureQuery, LinkedListNode<(FeatureQuery Query, IReadOnlyList<FeatureSummary> Rows)>> _entries = new();
    readonly LinkedList<(FeatureQuery Query, IReadOnlyList<FeatureSummary> Rows)> _recency = new();   // most recent first
    long _rows;

    public long MaxRows { get; } = maxRows;

    /// <summary>Views held now, and the rows they hold together.</summary>
    public int Count { get { lock (_gate) return _entries.Count; } }
    public long Rows { get { lock (_gate) return _rows; } }

    public bool TryGet(FeatureQuery query, out IReadOnlyList<FeatureSummary> rows)
    {
        lock (_gate)
        {
            if (_entries.TryGetValue(query, out var node))
            {
                _recency.Remove(node);
                _recency.AddFirst(node);
                rows = node.Value.Rows;
                return true;
            }
        }
        rows = [];
        return false;
    }

    /// <summary>Keeps <paramref name="rows"/> for <paramref name="query"/>; the least recently used views go until the rows fit (the newest always stays).</summary>
    public void Add(FeatureQuery query, IReadOnlyList<FeatureSummary> rows)
    {
        lock (_gate)
        {
            if (_entries.TryGetValue(query, out var old))
            {
                _recency.Remove(old);
                _rows -= old.Value.Rows.Count;
            }
            _entries[query] = _recency.AddFirst((query, rows));
            _rows += rows.Count;
            while (_rows > MaxRows && _recency.Count > 1)
            {
                var last = _recency.Last!;
                _recency.RemoveLast();
                _entries.Remove(last.Value.Query);
                _rows -= last.Value.Rows.Count;
            }
        }
    }
}
