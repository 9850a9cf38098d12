using ShoggothLens.Cli.Infrastructure;
using ShoggothLens.Core.Export;
using Spectre.Console;

namespace ShoggothLens.Cli.Commands;

/// <summary>
/// Shows a batch export's progress on standard error: a Spectre.Console bar with features, features/s and the
/// time left on a terminal, else a plain line every few seconds (logs, pipes, tests).
/// </summary>
internal static class ExportProgressDisplay
{
    static readonly TimeSpan PlainInterval = TimeSpan.FromSeconds(5);

    public static ExportSummary Run(CliContext cli, string what, Func<IProgress<ExportProgress>, ExportSummary> export)
    {
        bool terminal = ReferenceEquals(cli.Error, Console.Error) && !Console.IsErrorRedirected;
        if (!terminal) return export(new PlainProgress(cli.Error, what));

        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
        return console.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
            .Start(context =>
            {
                var task = context.AddTask($"{what}: starting", maxValue: 1.0);
                var result = export(new Progress(p =>
                {
                    task.Value = p.Fraction;
                    task.Description = Describe(what, p);
                }));
                if (!result.Cancelled) task.Value = 1.0;
                task.StopTask();
                return result;
            });
    }

    static string Describe(string what, ExportProgress p) =>
        $"{what}: {p.FeaturesDone:N0}/{p.Features:N0} features, batch {p.BatchesDone}/{p.Batches}, {p.FeaturesPerSecond:N0} features/s";

    sealed class Progress(Action<ExportProgress> report) : IProgress<ExportProgress>
    {
        public void Report(ExportProgress value) => report(value);
    }

    sealed class PlainProgress(TextWriter error, string what) : IProgress<ExportProgress>
    {
        DateTime _last = DateTime.UtcNow;

        public void Report(ExportProgress value)
        {
            if (DateTime.UtcNow - _last < PlainInterval) return;
            _last = DateTime.UtcNow;
            error.WriteLine($"{Describe(what, value)} ({value.Fraction:P0})");
        }
    }
}
