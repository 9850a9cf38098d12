using ShoggothLens.Cli.Infrastructure;
using ShoggothLens.Models.Harvest;
using Spectre.Console;

namespace ShoggothLens.Cli.Commands;

/// <summary>
/// Shows a harvest's progress on standard error (standard output stays clean for --json): a
/// Spectre.Console bar with tokens, tokens/s and ETA on a terminal, else a plain line every few
/// seconds (logs, pipes, tests).
/// </summary>
internal static class HarvestProgressDisplay
{
    static readonly TimeSpan PlainInterval = TimeSpan.FromSeconds(5);

    public static HarvestResult Run(CliContext cli, Func<IProgress<HarvestProgress>, HarvestResult> harvest)
    {
        bool terminal = ReferenceEquals(cli.Error, Console.Error) && !Console.IsErrorRedirected;
        if (!terminal) return harvest(new PlainProgress(cli.Error));

        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
        return console.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(), new SpinnerColumn())
            .Start(context =>
            {
                var task = context.AddTask("harvest: starting", maxValue: 1.0);
                var result = harvest(new SynchronousProgress(p =>
                {
                    task.Value = p.Fraction;
                    task.Description = Describe(p);
                }));
                if (result.Outcome != HarvestOutcome.Cancelled) task.Value = 1.0;
                task.StopTask();
                return result;
            });
    }

    static string Describe(HarvestProgress p) =>
        $"harvest: {p.Tokens:N0} tokens, {p.TokensPerSecond:N0} tokens/s, ETA {Eta(p.Remaining)}{(p.SkippedRecords > 0 ? $", {p.SkippedRecords} bad skipped" : "")}";

    static string Eta(TimeSpan? remaining) => remaining is not { } r ? "--" : r.TotalHours >= 1 ? $"{(int)r.TotalHours}h{r.Minutes:D2}m" : $"{r.Minutes}m{r.Seconds:D2}s";

    sealed class SynchronousProgress(Action<HarvestProgress> report) : IProgress<HarvestProgress>
    {
        public void Report(HarvestProgress value) => report(value);
    }

    sealed class PlainProgress(TextWriter error) : IProgress<HarvestProgress>
    {
        DateTime _last = DateTime.UtcNow;

        public void Report(HarvestProgress value)
        {
            if (DateTime.UtcNow - _last < PlainInterval) return;
            _last = DateTime.UtcNow;
            error.WriteLine($"{Describe(value)} ({value.Fraction:P0})");
        }
    }
}
