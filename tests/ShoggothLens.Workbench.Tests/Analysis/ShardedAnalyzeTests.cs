using ShoggothLens.Core.Catalog;
using ShoggothLens.Core.Files;
using ShoggothLens.Core.Formats;
using ShoggothLens.Core.Work;
using ShoggothLens.TestKit;
using ShoggothLens.TestKit.Catalogs;
using ShoggothLens.Workbench.Analysis;

namespace ShoggothLens.Workbench.Tests.Analysis;

/// <summary>
/// Sharded analyze (issue 14 item 5): N shard passes over the store's chunks, joined by a merge run, write the catalog
/// an unsharded run writes, byte for byte (persona vectors and the model diff included); wrong sets of shards are refused.
/// The store has 5 chunks of 256 tokens and documents of 20, so shard boundaries cut documents.
/// </summary>
public sealed class ShardedAnalyzeTests : IDisposable
{
    readonly TempDirectory _dir = new();
    readonly string _store, _compare, _sae;

    public ShardedAnalyzeTests()
    {
        _store = _dir.File("store");
        _compare = _dir.File("compare");
        _sae = _dir.File("sae");
        PlantedMotiveStore.Write(_store, 60);
        PlantedMotiveStore.Write(_compare, 60, leaks: false);
        IdentitySae.Write(_sae);
    }

    public void Dispose() => _dir.Dispose();

    AnalyzeRequest Request(string output, bool compare) => new()
    {
        Store = _store, Sae = _sae, Output = output, BatchSize = 100, CheckpointEveryChunks = 1,
        CompareStore = compare ? _compare : null,
        Features = new() { TopExamples = 3, MaxLeakDocuments = 2, QuantileExamples = 2 },
    };

    static readonly string[] CatalogFiles = [CatalogFormat.DataFile, CatalogFormat.IndexFile, CatalogFolder.PersonaVectorsFileName];

    static void AssertSameFiles(string expected, string actual, IEnumerable<string> files)
    {
        foreach (string file in files)
            Assert.True(File.ReadAllBytes(Path.Combine(expected, file)).AsSpan().SequenceEqual(File.ReadAllBytes(Path.Combine(actual, file))), $"{file} differs");
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Shards_merged_write_the_unsharded_catalog(bool compare)
    {
        var whole = AnalyzeWorkflow.Run(Request(_dir.File("whole/cat"), compare));
        var files = compare ? CatalogFiles.Append(CatalogFolder.ModelDiffFileName).ToArray() : CatalogFiles;
        foreach (int n in new[] { 1, 2, 3, 5, 7 })   // 7 > 5 chunks: two shards are empty
        {
            var shards = new List<string>();
            long tokens = 0;
            for (int i = n - 1; i >= 0; i--)   // any order
            {
                string folder = _dir.File($"n{n}-{compare}/shard{i}");
                var part = AnalyzeWorkflow.RunShard(Request(folder, compare) with { Shard = new AnalyzeShard(i, n) });
                Assert.False(part.AlreadyComplete);
                Assert.False(File.Exists(new CatalogFolder(folder).AnalyzeCheckpointPath));
                tokens += part.Tokens;
                shards.Add(folder);
            }
            Assert.Equal(1200, tokens);
            var merged = AnalyzeWorkflow.Run(Request(_dir.File($"n{n}-{compare}/merged/cat"), compare) with { MergeShards = shards });
            Assert.Equal(whole.Tokens, merged.Tokens);
            Assert.Equal(whole.OutsideRoleLeaks, merged.OutsideRoleLeaks);
            AssertSameFiles(whole.Catalog.Directory, merged.Catalog.Directory, files);
        }
    }

    [Fact]
    public void A_shard_resumes_from_its_checkpoint_and_a_finished_shard_is_not_run_again()
    {
        string folder = _dir.File("s/shard1");
        var request = Request(folder, compare: false) with { Shard = new AnalyzeShard(1, 2) };   // chunks 2..4: tokens 512..1199
        using (var stop = new CancellationTokenSource())
        {
            var progress = new InlineProgress<WorkProgress>(p => { if (p.Kind == WorkEventKind.Checkpoint) stop.Cancel(); });
            Assert.ThrowsAny<OperationCanceledException>(() => AnalyzeWorkflow.RunShard(request, progress, stop.Token));
        }
        Assert.False(File.Exists(new CatalogFolder(folder).AnalyzeShardPath));
        var resumed = AnalyzeWorkflow.RunShard(request);
        Assert.NotNull(resumed.ResumedFrom);
        Assert.InRange(resumed.ResumedFrom!.Token, 513, 1199);
        Assert.Equal((512, 1200), (resumed.FirstToken, resumed.EndToken));
        var again = AnalyzeWorkflow.RunShard(request);
        Assert.True(again.AlreadyComplete);

        string other = _dir.File("s/shard0");
        AnalyzeWorkflow.RunShard(Request(other, compare: false) with { Shard = new AnalyzeShard(0, 2) });
        var merged = AnalyzeWorkflow.Run(Request(_dir.File("s/merged/cat"), compare: false) with { MergeShards = [folder, other] });
        var whole = AnalyzeWorkflow.Run(Request(_dir.File("s/whole/cat"), compare: false));
        AssertSameFiles(whole.Catalog.Directory, merged.Catalog.Directory, CatalogFiles);
    }

    [Fact]
    public void A_shard_locks_its_folder()
    {
        string folder = _dir.File("locked");
        using (FolderLock.Acquire(folder, "another analyze"))
        {
            var refused = Assert.Throws<FolderLockedException>(() => AnalyzeWorkflow.RunShard(Request(folder, compare: false) with { Shard = new AnalyzeShard(0, 2) }));
            Assert.Contains("another analyze", refused.Message);
        }
        Assert.False(File.Exists(new CatalogFolder(folder).AnalyzeShardPath));
        Assert.False(AnalyzeWorkflow.RunShard(Request(folder, compare: false) with { Shard = new AnalyzeShard(0, 2) }).AlreadyComplete);
    }

    [Fact]
    public void Wrong_sets_of_shards_are_refused_naming_the_problem()
    {
        string Shard(int i, int n, string name, Func<AnalyzeRequest, AnalyzeRequest>? change = null)
        {
            string folder = _dir.File(name);
            var request = Request(folder, compare: false) with { Shard = new AnalyzeShard(i, n) };
            AnalyzeWorkflow.RunShard(change is null ? request : change(request));
            return folder;
        }
        string a = Shard(0, 3, "a"), b = Shard(1, 3, "b"), c = Shard(2, 3, "c");
        string other = Shard(2, 3, "other", r => r with { Features = r.Features with { TopExamples = 4 } });
        string half = Shard(1, 2, "half");
        AnalyzeRequest Merge(params string[] shards) => Request(_dir.File("m/cat"), compare: false) with { MergeShards = shards };

        var missing = Assert.Throws<InvalidOptionException>(() => AnalyzeWorkflow.Run(Merge(a, c)));
        Assert.Contains("shard 1/3 is missing", missing.Message);
        var twice = Assert.Throws<InvalidInputFileException>(() => AnalyzeWorkflow.Run(Merge(a, b, b, c)));
        Assert.Contains("shard 1/3 is given twice", twice.Message);
        var settings = Assert.Throws<InvalidInputFileException>(() => AnalyzeWorkflow.Run(Merge(a, b, other)));
        Assert.Contains("other inputs or settings", settings.Message);
        var count = Assert.Throws<InvalidInputFileException>(() => AnalyzeWorkflow.Run(Merge(a, b, half)));
        Assert.Contains("is one of 3 shards", count.Message);

        // A flipped bit in a shard's state is found by its checksum.
        string state = new CatalogFolder(c).AnalyzeShardPath;
        byte[] bytes = File.ReadAllBytes(state);
        bytes[bytes.Length / 2] ^= 0x10;
        File.WriteAllBytes(state, bytes);
        var damaged = Assert.Throws<InvalidInputFileException>(() => AnalyzeWorkflow.Run(Merge(a, b, c)));
        Assert.Contains("damaged analysis shard state", damaged.Message);
        Assert.False(new CatalogFolder(_dir.File("m/cat")).HasCatalog);

        // The damaged shard is run again (not taken as finished), and the merge then succeeds.
        Assert.False(AnalyzeWorkflow.RunShard(Request(c, compare: false) with { Shard = new AnalyzeShard(2, 3) }).AlreadyComplete);
        Assert.True(AnalyzeWorkflow.Run(Merge(c, a, b)).Catalog.HasCatalog);
    }
}
