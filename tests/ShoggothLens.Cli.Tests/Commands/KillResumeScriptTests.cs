using System.Diagnostics;
using System.Globalization;

namespace ShoggothLens.Cli.Tests.Commands;

/// <summary>
/// The kill-anywhere script (tools/kill-resume/run.sh) with a few kills, as CI runs it: harvest, train, analyze, both
/// exports and organism build, each SIGKILLed once at a random moment and resumed, end with the uninterrupted run's
/// files byte for byte and nothing half-written. The seed changes per run and is in the failure message; the long run
/// (20 kills per command) is the script's default (docs/reliability.md).
/// </summary>
public sealed class KillResumeScriptTests
{
    static readonly string[] Commands = ["harvest", "train", "analyze", "export-neuronpedia", "export-saelens", "organism-build"];

    [Fact]
    public async Task Every_command_killed_at_a_random_moment_resumes_to_the_uninterrupted_bytes()
    {
        int seed = Environment.TickCount & 0x7FFF;
        string repo = FindRepoRoot(AppContext.BaseDirectory);
        var start = new ProcessStartInfo("bash")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            ArgumentList =
            {
                Path.Combine(repo, "tools", "kill-resume", "run.sh"),
                "--kills", "1", "--seed", seed.ToString(CultureInfo.InvariantCulture),
                "--cli", Path.Combine(AppContext.BaseDirectory, "shoggoth.dll"),
            },
        };
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using (var limit = new CancellationTokenSource(TimeSpan.FromMinutes(6)))
        {
            try { await process.WaitForExitAsync(limit.Token); }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                Assert.Fail($"seed {seed}: the script ran past 6 minutes");
            }
        }
        string output = await stdout, errors = await stderr;
        string report = $"seed {seed}, exit {process.ExitCode}\n{output}\n{errors}";
        Assert.True(process.ExitCode == 0, report);

        // One table row per command: name, kills, resumes, trials, identical, T, seconds.
        var rows = output.Split('\n').Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Where(r => r.Length == 7 && Commands.Contains(r[0])).ToDictionary(r => r[0]);
        Assert.True(Commands.All(rows.ContainsKey), report);
        Assert.All(Commands, c =>
        {
            Assert.True(int.Parse(rows[c][1], CultureInfo.InvariantCulture) >= 1, report);
            Assert.True(rows[c][4] == "yes", report);
        });
    }

    static string FindRepoRoot(string start)
    {
        for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "ShoggothLens.sln"))) return dir.FullName;
        throw new DirectoryNotFoundException($"no ShoggothLens.sln above {start}");
    }
}
