using System.Globalization;
using ShoggothLens.Core.Work;
using Spectre.Console;

namespace ShoggothLens.Cli.Infrastructure;

/// <summary>
/// Shows any long operation's <see cref="WorkProgress"/> on standard error (standard output stays clean for
/// --json): on a terminal a Spectre.Console bar per stage whose description carries the counts, rate and named
/// metrics; elsewhere (logs, pipes, tests) one plain line per stage every few seconds and at a stage's end.
/// Notes are printed as lines in both; checkpoint notices as plain lines only (on a terminal the bar shows them).
/// </summary>
public static class WorkProgressDisplay
{
    static readonly TimeSpan PlainInterval = TimeSpan.FromSeconds(5);

    /// <summary>Runs <paramref name="work"/> with a display; <paramref name="finished"/> says whether the result completed the work (bars filled).</summary>
    public static T Run<T>(CliContext cli, Func<IProgress<WorkProgress>, T> work, Func<T, bool>? finished = null)
    {
        bool terminal = ReferenceEquals(cli.Error, Console.Error) && !Console.IsErrorRedirected;
        if (!terminal) return work(Plain(cli.Error));

        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
        return console.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn(), new SpinnerColumn())
            .Start(context =>
            {
                var tasks = new Dictionary<string, ProgressTask>();
                var result = work(new InlineProgress<WorkProgress>(p =>
                {
                    if (p.Kind != WorkEventKind.Progress)
                    {
                        if (p.Kind == WorkEventKind.Note) console.WriteLine(Describe(p));
                        return;
                    }
                    if (!tasks.TryGetValue(p.Stage, out var task))
                    {
                        foreach (var other in tasks.Values) other.StopTask();
                        tasks[p.Stage] = task = context.AddTask(Markup.Escape(p.Stage), maxValue: 1);
                    }
                    task.IsIndeterminate = p.Total <= 0;
                    task.MaxValue = Math.Max(1, p.Total);
                    task.Value = Math.Min(p.Done, task.MaxValue);
                    task.Description = Markup.Escape(Describe(p));
                }));
                bool done = finished?.Invoke(result) ?? true;
                foreach (var task in tasks.Values)
                {
                    if (done) task.Value = task.MaxValue;
                    task.StopTask();
                }
                return result;
            });
    }

    /// <summary>Runs <paramref name="work"/> with a display.</summary>
    public static void Run(CliContext cli, Action<IProgress<WorkProgress>> work) =>
        Run(cli, progress => { work(progress); return true; });

    /// <summary>
    /// Plain lines, so logs stay short and a quick command prints nothing but its result: per stage and kind at most
    /// one line every few seconds (the first after a few seconds), and a stage's last report; every note at once.
    /// </summary>
    static IProgress<WorkProgress> Plain(TextWriter error)
    {
        var last = new Dictionary<(string, WorkEventKind), DateTime>();
        return new InlineProgress<WorkProgress>(p =>
        {
            if (p.Kind != WorkEventKind.Note)
            {
                var key = (p.Stage, p.Kind);
                bool end = p.Kind == WorkEventKind.Progress && p.Total > 0 && p.Done >= p.Total;
                if (!last.TryGetValue(key, out var at)) last[key] = at = DateTime.UtcNow;
                if (DateTime.UtcNow - at < PlainInterval && !end) return;
                last[key] = DateTime.UtcNow;
            }
            error.WriteLine(Describe(p));
        });
    }

    /// <summary>"train: 120/600 steps (20%), 4.1 steps/s, L0 31.9, MSE 0.0123, ETA 1m57s".</summary>
    public static string Describe(WorkProgress p)
    {
        switch (p.Kind)
        {
            case WorkEventKind.Note: return p.Note ?? p.Stage;
            case WorkEventKind.Checkpoint: return $"{p.Stage}: checkpoint at {Count(p.Done)} {p.Unit}";
        }
        var text = new System.Text.StringBuilder($"{p.Stage}: {Count(p.Done)}");
        text.Append(p.Total > 0 ? $"/{Count(p.Total)} {p.Unit} ({p.Fraction.ToString("P0", CultureInfo.InvariantCulture)})" : $" {p.Unit}");
        if (p.PerSecond is { } rate) text.Append($", {Figure(rate)} {p.Unit}/s");
        foreach (var (name, value) in p.Metrics ?? []) text.Append($", {name} {Figure(value)}");
        if (p.Remaining is { } r) text.Append($", ETA {Eta(r)}");
        if (p.Note is { } note) text.Append($" ({note})");
        return text.ToString();
    }

    static string Count(long n) => n.ToString("N0", CultureInfo.InvariantCulture);

    /// <summary>Large or whole figures with thousands separators, small ones to four significant digits.</summary>
    static string Figure(double value) =>
        Math.Abs(value) >= 1000 || (value == Math.Floor(value) && Math.Abs(value) < 1e15)
            ? value.ToString("N0", CultureInfo.InvariantCulture)
            : value.ToString("G4", CultureInfo.InvariantCulture);

    static string Eta(TimeSpan r) => r.TotalHours >= 1 ? $"{(int)r.TotalHours}h{r.Minutes:D2}m" : $"{r.Minutes}m{r.Seconds:D2}s";
}
