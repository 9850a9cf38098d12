namespace ShoggothLens.LoadTest;

/// <summary>Issue 12's targets, each checked against the p95 of the steps it names (the median is reported beside it).</summary>
public sealed record Target(string Name, double LimitMs, Func<Timing, bool> Selects)
{
    public const string SearchStep = "search (typed, incl. 250 ms debounce)";
    public const double SearchDebounceMs = 250;

    public static IReadOnlyList<Target> All { get; } =
    [
        new("/features grid first render (cold load: navigation start to first rows)", 300, t => t.Step == "features: first rows (cold load)"),
        new("feature page (in circuit: from the grid, next/prev, neighbour link)", 100, t => t.Interaction && t.Step.StartsWith("feature page", StringComparison.Ordinal)),
        new("all interactions (every in-circuit step)", 200, t => t.Interaction),
    ];
}
