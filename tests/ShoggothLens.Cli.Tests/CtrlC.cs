using System.Diagnostics;
using System.Globalization;

namespace ShoggothLens.Cli.Tests;

/// <summary>
/// Sends SIGINT to a started command, as Ctrl-C in a terminal does. A process inherits an ignored SIGINT: a test run
/// launched with <c>&amp;</c> from a shell without job control (<c>( dotnet test … &amp; )</c>) starts every command with
/// SIGINT ignored, .NET then installs no handler, and the command runs to the end and exits 0. That is said plainly
/// here instead of as a wrong exit code.
/// </summary>
static class CtrlC
{
    public static void Send(Process process)
    {
        if (IgnoresSigint(process.Id))
        {
            process.Kill(entireProcessTree: true);   // it would run on over the test's folder
            process.WaitForExit();
            Assert.Fail($"the started command (pid {process.Id}) ignores SIGINT, inherited from this test run: it was launched in the background " +
                        "by a shell without job control, e.g. `( dotnet test … & )`; run the tests in the foreground (or with `set -m`) to test Ctrl-C");
        }
        using var kill = Process.Start("kill", ["-INT", process.Id.ToString(CultureInfo.InvariantCulture)])!;
        kill.WaitForExit();
        Assert.Equal(0, kill.ExitCode);
    }

    /// <summary>Bit 2 (SIGINT) of the SigIgn mask in /proc/PID/status; false where there is no /proc.</summary>
    static bool IgnoresSigint(int pid)
    {
        try
        {
            var line = File.ReadLines($"/proc/{pid}/status").FirstOrDefault(l => l.StartsWith("SigIgn:", StringComparison.Ordinal));
            return line is not null && (Convert.ToUInt64(line["SigIgn:".Length..].Trim(), 16) & (1UL << 1)) != 0;
        }
        catch (IOException) { return false; }
    }
}
