using System.Diagnostics;
using System.Text.Json;

namespace ShoggothLens.Cli.Tests;

/// <summary>Runs the `shoggoth` command line in-process, or as a real process for exit-code checks.</summary>
public static class CliRunner
{
    public sealed record Result(int ExitCode, string Out, string Error)
    {
        public JsonDocument Json() => JsonDocument.Parse(Out);
    }

    public static Result Run(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        int code = ShoggothCli.Run(args, output, error);
        return new Result(code, output.ToString(), error.ToString());
    }

    /// <summary>Starts `dotnet shoggoth.dll ARGS` from the test's own output folder.</summary>
    public static Result RunProcess(params string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "shoggoth.dll"));
        foreach (var a in args) start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(2)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException("shoggoth did not exit within 2 minutes");
        }
        return new Result(process.ExitCode, stdout.Result, stderr.Result);
    }
}
