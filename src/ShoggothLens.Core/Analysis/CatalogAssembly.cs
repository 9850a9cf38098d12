namespace ShoggothLens.Core.Analysis;

/// <summary>
/// Puts a feature's record together after the passes: the accumulator's statistics, the context windows
/// of its top examples and interval-group samples, its co-activating features, and the direction-based
/// fields (logit effects, decoder neighbours, persona cosines) computed from weights.
/// </summary>
public sealed class CatalogAssembly
{
    readonly FeatureAccumulator _accumulator;
    readonly int[][] _top;
    readonly (float Min, float Max, long Contains, int[] Requests)[][] _groups;

    CatalogAssembly(FeatureAccumulator accumulator, ContextWindowBuilder windows, int[][] top, (float, float, long, int[])[][] groups)
    {
        _accumulator = accumulator;
        Windows = windows;
        _top = top;
        _groups = groups;
    }

    public ContextWindowBuilder Windows { get; }

    /// <summary>Requests a window for every top example and interval-group sample of every feature.</summary>
    public static CatalogAssembly Plan(FeatureAccumulator accumulator, long storeTokens)
    {
        var options = accumulator.Options;
        var windows = new ContextWindowBuilder(storeTokens, options.ContextBefore, options.ContextAfter);
        var top = new int[accumulator.Features][];
        var groups = new (float, float, long, int[])[accumulator.Features][];
        for (int f = 0; f < accumulator.Features; f++)
        {
            top[f] = accumulator.TopExamples(f).Select(e => windows.Request(f, e.Token, e.Activation)).ToArray();
            groups[f] = accumulator.IntervalGroups(f)
                .Select(g => (g.Min, g.Max, g.Contains, g.Samples.Select(s => windows.Request(f, s.Token, s.Activation)).ToArray()))
                .ToArray();
        }
        windows.Freeze();
        return new CatalogAssembly(accumulator, windows, top, groups);
    }

    /// <summary>The direction-based fields, computed once for all features (any may be null).</summary>
    public sealed record Directions(LogitEffects[]? Logits, List<FeatureLink>[]? Neighbours, float[]? UnitDecoder, int DIn, IReadOnlyList<PersonaVector> Personas);

    /// <summary>Every feature's full record, in id order (the windows must have been filled).</summary>
    public IEnumerable<FeatureStatistics> Results(Directions directions, Func<int, string> tokenString)
    {
        var roles = _accumulator.Roles;
        int k = _accumulator.Options.CoActivating;
        for (int f = 0; f < _accumulator.Features; f++)
        {
            var stats = _accumulator.Result(f);
            var contexts = _top[f].Select(r => Windows.Window(r, roles, tokenString)).ToList();
            var groups = _groups[f].Select(g => new QuantileGroup(g.Min, g.Max, g.Contains,
                g.Requests.Select(r => Windows.Window(r, roles, tokenString)).ToList())).ToList();
            List<PersonaCosine>? cosines = directions.UnitDecoder is { } unit
                ? RoleMeans.Cosines(unit.AsSpan(f * directions.DIn, directions.DIn), directions.Personas)
                : null;
            yield return stats with
            {
                TopContexts = contexts,
                QuantileGroups = groups,
                Logits = directions.Logits?[f],
                DecoderNeighbours = directions.Neighbours?[f],
                CoActivating = _accumulator.CoActivation?.Top(f, k),
                PersonaCosines = cosines,
            };
        }
    }
}
