using System.Collections.Concurrent;

namespace ShoggothLens.LoadTest;

/// <summary>What one step measured. <paramref name="Interaction"/>: inside an open circuit (cold page loads are not).</summary>
public sealed record Timing(string Step, double Milliseconds, bool Interaction, int Session);

/// <summary>
/// A step that failed (content that never came, a driver error, the Blazor error bar), or, with
/// <paramref name="PageOnly"/>, a script or console error the page reported while its steps still succeeded.
/// </summary>
public sealed record StepError(string Step, string Message, int Session, bool PageOnly = false);

/// <summary>Every session's timings and errors; sessions add from their own tasks.</summary>
public sealed class Timings
{
    readonly ConcurrentQueue<Timing> _timings = new();
    readonly ConcurrentQueue<StepError> _errors = new();

    public void Add(string step, double ms, bool interaction, int session) => _timings.Enqueue(new Timing(step, ms, interaction, session));

    public void Fail(string step, string message, int session) => _errors.Enqueue(new StepError(step, message, session));

    public void PageError(string kind, string message, int session) => _errors.Enqueue(new StepError(kind, message, session, PageOnly: true));

    public IReadOnlyList<Timing> All => _timings.ToArray();
    public IReadOnlyList<StepError> Errors => _errors.ToArray();
}

/// <summary>Nearest-rank percentiles of a sample.</summary>
public sealed record Summary(int Count, double Median, double P95, double Max)
{
    public static Summary Of(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        if (sorted.Length == 0) return new Summary(0, double.NaN, double.NaN, double.NaN);
        double Rank(double p) => sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];
        return new Summary(sorted.Length, Rank(0.5), Rank(0.95), sorted[^1]);
    }
}
