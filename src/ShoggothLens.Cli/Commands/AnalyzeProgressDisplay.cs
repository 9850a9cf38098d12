using ShoggothLens.Cli.Infrastructure;
using ShoggothLens.Core.Analysis;
using Spectre.Console;

namespace ShoggothLens.Cli.Commands;

/// <summary>
/// Progress of <c>shoggoth analyze</c> on standard error: a Spectre.Console bar per stage on a terminal,
/// otherwise a line every 5 s per stage (and at each stage's end).
/// </summary>
static class AnalyzeProgressDisplay
{
    public static void Run(CliContext cli, Action<IProgress<AnalysisProgress>> work)
    {
        bool terminal = ReferenceEquals(cli.Error, Console.Error) && !Console.IsErrorRedirected;
        if (terminal)
        {
            var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
            console.Progress().AutoClear(false)
                .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
                .Start(context =>
                {
                    var tasks = new Dictionary<string, ProgressTask>();
                    work(new Inline<AnalysisProgress>(p =>
                    {
                        if (!tasks.TryGetValue(p.Stage, out var task))
                        {
                            foreach (var other in tasks.Values) other.StopTask();
                            tasks[p.Stage] = task = context.AddTask(p.Stage, maxValue: Math.Max(1, p.Total));
                        }
                        task.Value = p.Done;
                    }));
                    foreach (var task in tasks.Values) task.StopTask();
                });
        }
        else
        {
            var last = DateTime.MinValue;
            string stage = "";
            work(new Inline<AnalysisProgress>(p =>
            {
                bool changed = p.Stage != stage;
                if (!changed && DateTime.UtcNow - last < TimeSpan.FromSeconds(5) && p.Done != p.Total) return;
                stage = p.Stage;
                last = DateTime.UtcNow;
                cli.Error.WriteLine($"{p.Stage}: {p.Done:N0}/{p.Total:N0}");
            }));
        }
    }

    /// <summary>An IProgress that reports on the calling thread (Progress&lt;T&gt; posts to the thread pool).</summary>
    sealed class Inline<T>(Action<T> report) : IProgress<T>
    {
        public void Report(T value) => report(value);
    }
}
