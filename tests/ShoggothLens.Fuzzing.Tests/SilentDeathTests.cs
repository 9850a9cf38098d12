using System.Diagnostics;
using System.Globalization;
using ShoggothLens.Fuzz.Engine;
using ShoggothLens.Fuzz.Targets;

namespace ShoggothLens.Fuzzing.Tests;

/// <summary>
/// The 10,000-input run that died without a report (docs/reliability.md, "Fuzzing"). Its work folder named the input it
/// was parsing (safetensors, seed 1, index 5873), and that input is an ordinary refusal: the parser was not the cause.
/// A second run died the same way (SIGBUS, signal 7) in the very millisecond a build rewrote <c>ShoggothLens.Models.dll</c>:
/// the compiler writes obj/X.dll in place, and obj/, bin/ and every project's bin/ shared that file through hard links,
/// so the build truncated the assembly under the running process. Builds now give bin/ files of their own.
/// </summary>
public sealed class SilentDeathTests
{
    [Fact]
    public void The_input_parsed_when_the_long_run_died_is_refused_and_replays_alone()
    {
        using var session = new FuzzSession();
        var options = FuzzOptions.Short(1, 1) with { First = 5873 };
        var report = FuzzRunner.Run(FuzzTargets.Get("safetensors"), session.Sources, options, session.Work("inputs"));
        Assert.Equal((1, 0, 1, 0), (report.Inputs, report.Accepted, report.RefusedCount, report.FindingCount));
    }

    /// <summary>A parser that records what the work folder's note says while it parses.</summary>
    sealed class NoteReader : FuzzTarget
    {
        public List<string> Notes { get; } = [];
        public override string Name => "note-reader";
        public override string Description => "reads the current-input note";
        public override IReadOnlyList<FuzzSeed> Seeds(SeedSources sources) =>
            [new FuzzSeed("one", new Dictionary<string, byte[]> { ["x"] = "abc"u8.ToArray() }, "x")];

        public override void Parse(string folder, FuzzSeed seed) =>
            Notes.Add(File.ReadAllText(Path.Combine(Path.GetDirectoryName(folder)!, FuzzRunner.CurrentInputFile)).Trim());
    }

    [Fact]
    public void While_an_input_is_parsed_the_work_folder_names_it_for_a_replay()
    {
        using var session = new FuzzSession();
        var target = new NoteReader();
        FuzzRunner.Run(target, session.Sources, FuzzOptions.Short(3, 9) with { First = 40 }, session.Work("inputs"));
        Assert.Equal(
            [40, 41, 42],
            target.Notes.Select(n => int.Parse(n.Split(' ')[Array.IndexOf(n.Split(' '), "--from") + 1], CultureInfo.InvariantCulture)));
        Assert.All(target.Notes, n => Assert.StartsWith("--parser note-reader --seed 9 --from ", n));
    }

    [Fact]
    public void A_build_cannot_write_through_to_the_assemblies_a_running_tool_loaded()
    {
        // This test's own bin/ holds the Core assembly a tool here runs; the compiler writes src/ShoggothLens.Core/obj/….
        string bin = AppContext.BaseDirectory;
        string configuration = new DirectoryInfo(bin).Parent!.Name;           // …/bin/Release/net10.0/
        string repo = SeedSources.FindRepoRoot(bin);
        string compiled = Path.Combine(repo, "src", "ShoggothLens.Core", "obj", configuration, "net10.0", "ShoggothLens.Core.dll");
        string loaded = Path.Combine(bin, "ShoggothLens.Core.dll");
        Assert.True(File.Exists(compiled), compiled);
        Assert.NotEqual(Inode(compiled), Inode(loaded));
        Assert.Equal("1", Stat("%h", compiled));                               // obj/'s file is linked nowhere
    }

    static string Inode(string path) => Stat("%d:%i", path);

    static string Stat(string format, string path)
    {
        var start = new ProcessStartInfo("stat") { RedirectStandardOutput = true, ArgumentList = { "-c", format, path } };
        using var stat = Process.Start(start)!;
        string output = stat.StandardOutput.ReadToEnd().Trim();
        stat.WaitForExit();
        Assert.Equal(0, stat.ExitCode);
        return output;
    }
}
