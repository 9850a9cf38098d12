using System.Collections.Concurrent;
using System.Diagnostics;
using ShoggothLens.Workbench.Browse;

namespace ShoggothLens.LoadTest;

/// <summary>
/// What a view must show, as the server's own summary index computes it, but computed with
/// <see cref="FeatureSummaryIndex.Evaluate"/>: never read from or kept in the server's view cache, so a session
/// knowing the answer does not warm the cache for the step it then measures. The client keeps its own answers (ids
/// only), and the time it spends on them counts as the client's work.
/// </summary>
public sealed class Expectations(FeatureSummaryIndex index)
{
    const long MaxIds = 8_000_000;   // 32 MB of ids; past it the client starts over
    readonly ConcurrentDictionary<FeatureQuery, int[]> _views = new();
    long _ids;

    public int[] View(FeatureQuery query)
    {
        if (_views.TryGetValue(query, out var ids)) return ids;
        long start = ClientCpu.Start();
        ids = index.Evaluate(query).Select(r => r.Feature).ToArray();
        if (Interlocked.Add(ref _ids, ids.Length) > MaxIds)
        {
            _views.Clear();
            Interlocked.Exchange(ref _ids, ids.Length);
        }
        _views[query] = ids;
        ClientCpu.Stop(start);
        return ids;
    }

    /// <summary>The view's first row (-1 when it is empty).</summary>
    public int First(FeatureQuery query) => View(query) is { Length: > 0 } v ? v[0] : -1;

    /// <summary>The features before and after <paramref name="feature"/> in the view, as the feature page's pager shows them.</summary>
    public (int? Previous, int? Next) Neighbours(int feature, FeatureQuery query)
    {
        var v = View(query);
        int i = Array.IndexOf(v, feature);
        return i < 0 ? (null, null) : (i > 0 ? v[i - 1] : null, i + 1 < v.Length ? v[i + 1] : null);
    }
}
