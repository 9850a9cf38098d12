using ShoggothLens.Core.ActivationStore;
using ShoggothLens.Core.Formats;
using ShoggothLens.Models.Harvest;
using ShoggothLens.Models.Tests.Fixtures;

namespace ShoggothLens.Models.Tests.Harvest;

/// <summary>
/// An interrupted harvest resumed, and shards merged, give byte-for-byte the store of one
/// uninterrupted run. (The real-process kill is in the CLI tests.)
/// </summary>
public sealed class HarvestResumeAndShardTests : IDisposable
{
    readonly HarvestTestKit _kit = new();
    readonly HarvestCorpus _corpus = new(extraChats: 16);
    readonly TempDirectory _out = new();

    public void Dispose()
    {
        _kit.Dispose();
        _corpus.Dispose();
        _out.Dispose();
    }

    HarvestOptions Options(string name) => HarvestTestKit.Options(_corpus.All, _out.File(name));

    string Whole()
    {
        string dir = _out.File("whole");
        Assert.Equal(HarvestOutcome.Completed, _kit.Run(Options("whole")).Outcome);
        return dir;
    }

    /// <summary>Cancels once <paramref name="batches"/> batches have been reported.</summary>
    HarvestResult RunCancelledAfter(HarvestOptions options, int batches)
    {
        using var cancel = new CancellationTokenSource();
        int seen = 0;
        var progress = new SynchronousProgress(_ => { if (++seen == batches) cancel.Cancel(); });
        return _kit.Run(options, cancel.Token, progress);
    }

    sealed class SynchronousProgress(Action<HarvestProgress> report) : IProgress<HarvestProgress>
    {
        public void Report(HarvestProgress value) => report(value);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(4)]
    [InlineData(9)]
    public void ACancelledHarvestResumesToTheSameStore(int batches)
    {
        string whole = Whole();
        var options = Options("resumed");
        var cancelled = RunCancelledAfter(options, batches);
        Assert.Equal(HarvestOutcome.Cancelled, cancelled.Outcome);
        Assert.False(cancelled.Manifest.Complete);
        Assert.Equal(0, cancelled.Manifest.Tokens % 40);   // only whole chunks were kept

        var resumed = _kit.Run(options);
        Assert.Equal(HarvestOutcome.Completed, resumed.Outcome);
        Assert.True(resumed.Resumed);
        Assert.Equal(ActivationStoreReader.Open(whole).Tokens, resumed.Manifest.Tokens);
        AssertSameFiles(whole, options.Output);
    }

    [Fact]
    public void ShardsMergedAreTheUnshardedStore()
    {
        string whole = Whole();
        var shards = new List<string>();
        for (int i = 0; i < 3; i++)
        {
            var options = Options($"shard{i}") with { ShardIndex = i, ShardCount = 3 };
            Assert.Equal(HarvestOutcome.Completed, _kit.Run(options).Outcome);
            Assert.True(ActivationStoreReader.Open(options.Output).Tokens > 0);
            shards.Add(options.Output);
        }
        string merged = _out.File("merged");
        StoreMerger.Merge(shards, merged);
        AssertSameFiles(whole, merged);
    }

    [Fact]
    public void MaxTokensStopsExactlyAndACompleteStoreIsLeftAlone()
    {
        var options = Options("capped") with { MaxTokens = 101 };
        var first = _kit.Run(options);
        Assert.Equal(HarvestOutcome.ReachedMaxTokens, first.Outcome);
        Assert.Equal(101, first.Manifest.Tokens);
        Assert.True(first.Manifest.Complete);

        var again = _kit.Run(options);
        Assert.Equal(HarvestOutcome.AlreadyComplete, again.Outcome);
        Assert.Equal(0, again.TokensThisRun);

        // The capped store is a prefix of the whole one.
        var whole = HarvestTestKit.Tokens(Whole());
        var capped = HarvestTestKit.Tokens(options.Output);
        Assert.Equal(whole.Take(101).Select(t => (t.Doc, t.Pos, t.Id)), capped.Select(t => (t.Doc, t.Pos, t.Id)));
        Assert.Equal(whole[100].Acts[1], capped[100].Acts[1]);
    }

    [Fact]
    public void BadLinesFailNamingTheLineOrAreSkippedAndCounted()
    {
        string corpus = _corpus.Path("mixed.jsonl");
        File.WriteAllLines(corpus,
        [
            File.ReadLines(_corpus.Chats).First(),
            """{"messages": [{"role": "robot", "content": "beep"}]}""",
            """{"messages": [{"role": "assistant", "content": "x", "labels": {"m": [[0, 5]]}}]}""",
            File.ReadLines(_corpus.Chats).Last(),
        ]);
        var options = HarvestTestKit.Options([corpus], _out.File("bad"));
        var e = Assert.Throws<InvalidInputFileException>(() => _kit.Run(options));
        Assert.StartsWith($"{corpus}: line 2: ", e.Message);
        Assert.Contains("unknown role 'robot'", e.Message);

        var skipped = _kit.Run(options with { Output = _out.File("skipped"), SkipBad = true });
        Assert.Equal(HarvestOutcome.Completed, skipped.Outcome);
        Assert.Equal(2, skipped.SkippedThisRun);
        Assert.Equal(2, skipped.Manifest.SkippedRecords);
        Assert.Equal([$"{corpus}:2", $"{corpus}:3"], skipped.FirstProblems.Select(p => p[..p.IndexOf(": ", StringComparison.Ordinal)]));
        Assert.Equal([0L, 3], HarvestTestKit.Tokens(_out.File("skipped")).Select(t => t.Doc).Distinct());
    }

    [Fact]
    public void ResumingWithOtherOptionsIsRefused()
    {
        var options = Options("s");
        RunCancelledAfter(options, 2);
        var e = Assert.Throws<InvalidInputFileException>(() => _kit.Run(options with { Hooks = [HarvestTestKit.Hook1] }));
        Assert.Contains("hooks: stored blocks.0.hook_attn_out,blocks.1.hook_resid_post, given blocks.1.hook_resid_post", e.Message);
        Assert.Contains("context: stored 16, given 8", Assert.Throws<InvalidInputFileException>(() => _kit.Run(options with { Context = 8 })).Message);
    }

    [Fact]
    public void UnknownHooksAndOverlongContextsAreRefused()
    {
        var e = Assert.Throws<ArgumentException>(() => _kit.Run(Options("a") with { Hooks = ["blocks.5.hook_resid_post"] }));
        Assert.Contains("unknown hook point 'blocks.5.hook_resid_post'", e.Message);
        Assert.Contains("128 learned positions", Assert.Throws<ArgumentException>(() => _kit.Run(Options("b") with { Context = 129 })).Message);
    }

    static void AssertSameFiles(string expected, string actual)
    {
        static string[] Files(string dir) => Directory.EnumerateFiles(dir, "*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(dir, f)).Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(Files(expected), Files(actual));
        foreach (var f in Files(expected))
            Assert.True(File.ReadAllBytes(Path.Combine(expected, f)).AsSpan().SequenceEqual(File.ReadAllBytes(Path.Combine(actual, f))), $"{f} differs");
    }
}
