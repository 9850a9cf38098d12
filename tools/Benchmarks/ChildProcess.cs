using System.Diagnostics;
using System.Reflection;
using System.Text.Json;

namespace ShoggothLens.Benchmarks;

/// <summary>Runs another benchmark of this program in a fresh process (so its peak memory is its own) and returns its last JSON line.</summary>
static class ChildProcess
{
    public static JsonElement Run(params string[] args)
    {
        var start = new ProcessStartInfo(Environment.ProcessPath!) { RedirectStandardOutput = true };
        string entry = Assembly.GetEntryAssembly()!.Location;
        if (!Path.GetFileNameWithoutExtension(Environment.ProcessPath!).Equals(Path.GetFileNameWithoutExtension(entry), StringComparison.Ordinal))
            start.ArgumentList.Add(entry);   // run as `dotnet Benchmarks.dll ...`
        foreach (var a in args) start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        string output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0) throw new InvalidOperationException($"{string.Join(' ', args)} exited with {process.ExitCode}: {output}");
        string json = output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Last(l => l.StartsWith('{'));
        return JsonDocument.Parse(json).RootElement.Clone();
    }
}
