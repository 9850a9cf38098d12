using ShoggothLens.Cli.Infrastructure;
using ShoggothLens.Sae.Metrics;
using ShoggothLens.Sae.Training;
using Spectre.Console;

namespace ShoggothLens.Cli.Commands;

/// <summary>
/// Shows training on standard error (standard output stays clean for --json): a Spectre.Console
/// bar whose description carries the latest window's L0, MSE, variance explained, dead and dense
/// fractions on a terminal, else one plain line every few seconds and at each checkpoint.
/// </summary>
internal static class TrainingProgressDisplay
{
    static readonly TimeSpan PlainInterval = TimeSpan.FromSeconds(5);

    public static TrainingResult Run(CliContext cli, long totalSteps,
        Func<Action<TrainingLogEntry, long>, Action<long>, TrainingResult> train)
    {
        bool terminal = ReferenceEquals(cli.Error, Console.Error) && !Console.IsErrorRedirected;
        if (!terminal)
        {
            var last = DateTime.UtcNow;
            return train(
                (entry, total) =>
                {
                    if (DateTime.UtcNow - last < PlainInterval && entry.Step != total) return;
                    last = DateTime.UtcNow;
                    cli.Error.WriteLine(Describe(entry, total));
                },
                step => cli.Error.WriteLine($"checkpoint at step {step}"));
        }

        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
        return console.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn(), new SpinnerColumn())
            .Start(context =>
            {
                var task = context.AddTask("train: initialising (scale, b_dec)", maxValue: totalSteps);
                var result = train(
                    (entry, _) =>
                    {
                        task.Value = entry.Step;
                        task.Description = Markup.Escape(Describe(entry, totalSteps));
                    },
                    _ => { });
                task.StopTask();
                return result;
            });
    }

    static string Describe(TrainingLogEntry e, long totalSteps)
    {
        var m = e.Metrics;
        return $"step {e.Step}/{totalSteps}: L0 {m.L0:F1}, MSE {m.Mse:G3}, FVE {m.FractionVarianceExplained:F3}, dead {m.DeadFraction:P1}, dense {m.DenseFraction:P1}, {e.TokensPerSecond:N0} tok/s";
    }
}
