using System.Diagnostics;
using ShoggothLens.Core.ActivationStore;

namespace ShoggothLens.Cli.Tests.Commands;

/// <summary>
/// Real processes: a harvest killed (SIGKILL) at a random point, or stopped with Ctrl-C (SIGINT),
/// then run again, leaves a store byte-for-byte equal to an uninterrupted one.
/// </summary>
public sealed class HarvestKillTests(HarvestKillTests.Corpus corpus) : IClassFixture<HarvestKillTests.Corpus>
{
    /// <summary>The corpus and its uninterrupted store, made once for the class.</summary>
    public sealed class Corpus : IDisposable
    {
        readonly Lazy<string> _whole;

        public Corpus()
        {
            _whole = new(() =>
            {
                string whole = Kit.Path("whole");
                var r = CliRunner.Run(Kit.HarvestArgs(whole));
                Assert.True(r.ExitCode == 0, r.Error);
                return whole;
            });
        }

        public HarvestCliKit Kit { get; } = new(chats: 300);
        public string Whole => _whole.Value;
        public void Dispose() => Kit.Dispose();
    }

    readonly HarvestCliKit _kit = corpus.Kit;

    string Whole() => corpus.Whole;

    /// <summary>Starts the harvest in a process and waits until its manifest lists at least <paramref name="chunks"/> chunks.</summary>
    Process StartAndWaitFor(string store, int chunks)
    {
        var process = HarvestCliKit.Start(_kit.HarvestArgs(store));
        var deadline = DateTime.UtcNow.AddMinutes(2);
        while (HarvestCliKit.ListedChunks(store) < chunks)
        {
            if (process.HasExited) Assert.Fail($"the harvest ended before listing {chunks} chunks: {process.StandardError.ReadToEnd()}");
            Assert.True(DateTime.UtcNow < deadline, "the harvest made no progress in 2 minutes");
            Thread.Sleep(5);
        }
        return process;
    }

    [Fact]
    public void AHarvestKilledAtARandomPointResumesToTheSameStore()
    {
        string whole = Whole();
        int total = ActivationStoreReader.Open(whole).ChunkCount;
        int seed = Environment.TickCount;
        // Kill in the first half, so the harvest cannot finish between the poll and the kill.
        int killAfter = new Random(seed).Next(1, total / 2);
        string store = _kit.Path("killed");

        using (var process = StartAndWaitFor(store, killAfter))
        {
            process.Kill();   // SIGKILL: no chance to clean up
            process.WaitForExit();
        }
        var partial = ActivationStoreReader.Open(store);
        Assert.False(partial.Manifest.Complete, $"seed {seed}: the harvest finished before the kill (kill after {killAfter} of {total}, now {partial.ChunkCount})");
        Assert.Empty(partial.Verify());

        var resumed = CliRunner.RunProcess(_kit.HarvestArgs(store));
        Assert.True(resumed.ExitCode == 0, $"seed {seed}, killed after {killAfter} chunks: {resumed.Error}");
        Assert.Contains("resumed and completed", resumed.Out);
        HarvestCliKit.AssertIdentical(whole, store);
    }

    [Fact]
    public async Task CtrlCStopsCleanlyAndTheSameCommandResumes()
    {
        string whole = Whole();
        string store = _kit.Path("interrupted");
        using (var process = StartAndWaitFor(store, 3))
        {
            CtrlC.Send(process);
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            Assert.True(process.WaitForExit(TimeSpan.FromMinutes(1)), "the harvest did not stop after SIGINT");
            Assert.Equal(130, process.ExitCode);
            Assert.Contains("stopping after the current batch", await stderr);
            Assert.Contains("run the same command again to resume", await stdout);
        }
        var partial = ActivationStoreReader.Open(store);
        Assert.False(partial.Manifest.Complete);
        Assert.Empty(partial.Verify());
        Assert.DoesNotContain(Directory.EnumerateFiles(store, "*", SearchOption.AllDirectories), f => f.EndsWith(".tmp", StringComparison.Ordinal));

        var resumed = CliRunner.RunProcess(_kit.HarvestArgs(store));
        Assert.True(resumed.ExitCode == 0, resumed.Error);
        HarvestCliKit.AssertIdentical(whole, store);
    }
}
