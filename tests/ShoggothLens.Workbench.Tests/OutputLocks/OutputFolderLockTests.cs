using System.Text.Json;
using ShoggothLens.Core.Files;
using ShoggothLens.Core.Work;
using ShoggothLens.Organism.Training;
using ShoggothLens.Sae.Architectures;
using ShoggothLens.Sae.Backends;
using ShoggothLens.TestKit.Catalogs;
using ShoggothLens.TestKit.Stores;
using ShoggothLens.Workbench.Analysis;
using ShoggothLens.Workbench.Export;
using ShoggothLens.Workbench.Organisms;
using ShoggothLens.Workbench.Stores;
using ShoggothLens.Workbench.Tests.Analysis;
using ShoggothLens.Workbench.Training;

namespace ShoggothLens.Workbench.Tests.OutputLocks;

/// <summary>
/// Issue 14's concurrent writers: two runs into one output folder both "succeeded" and interleaved (metrics.jsonl became
/// invalid JSON, the last SAE won). Now every writing workflow locks its output folder: a second writer is refused with
/// the holder named, and the first finishes untouched.
/// </summary>
public sealed class OutputFolderLockTests : IDisposable
{
    const string Hook = "blocks.0.hook_resid_post";
    readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    /// <summary>Runs <paramref name="first"/> on a thread, paused in its first progress report until <paramref name="whilePaused"/> has run.</summary>
    static T WhileRunning<T>(Func<IProgress<WorkProgress>, T> first, Action whilePaused)
    {
        using var started = new ManualResetEventSlim();
        using var resume = new ManualResetEventSlim();
        var progress = new InlineProgress<WorkProgress>(_ => { if (!started.IsSet) { started.Set(); resume.Wait(TimeSpan.FromMinutes(2)); } });
        var task = Task.Run(() => first(progress));
        try
        {
            Assert.True(started.Wait(TimeSpan.FromMinutes(2)), "the first writer reported no progress");
            whilePaused();
        }
        finally { resume.Set(); }
        return task.GetAwaiter().GetResult();
    }

    static void AssertOnlyLockFiles(string folder) =>
        Assert.All(Directory.Exists(folder) ? Directory.EnumerateFileSystemEntries(folder) : [], f => Assert.True(FolderLock.IsLockFile(Path.GetFileName(f)), $"{f} was written"));

    [Fact]
    public void A_second_train_into_the_same_folder_is_refused_and_the_first_ends_with_valid_metrics()
    {
        string store = _dir.File("store"), output = _dir.File("sae");
        SyntheticStores.WriteSparse(store, Hook, dModel: 16, documents: 8, tokensPerDocument: 64, seed: 3);
        TrainRequest Request(ulong seed) => new()
        {
            Store = store, Hook = Hook, Architecture = SaeArchitecture.TopK, Output = output, Width = 32, K = 3, LearningRate = 2e-3f,
            Tokens = 64 * 20, BatchSize = 64, Backend = BackendChoice.Torch, Seed = seed, CheckpointEvery = 5, LogEvery = 2, ShuffleBuffer = 256,
        };
        var trained = WhileRunning(p => TrainWorkflow.Run(Request(1), p), () =>
        {
            var refused = Assert.Throws<FolderLockedException>(() => TrainWorkflow.Run(Request(2)));
            Assert.Equal((Environment.ProcessId, "train"), (refused.Holder!.ProcessId, refused.Holder.Command));
        });
        Assert.Equal(20, trained.Run.Steps);
        foreach (string line in File.ReadLines(Path.Combine(output, "metrics.jsonl")))
            using (JsonDocument.Parse(line)) { }   // every line whole: nothing interleaved
        Assert.Equal(1UL, trained.Options.Seed);   // the first writer's run, not the refused one's
    }

    [Fact]
    public void A_second_analyze_into_the_same_catalog_is_refused()
    {
        string store = _dir.File("store"), sae = _dir.File("sae"), output = _dir.File("catalog");
        PlantedMotiveStore.Write(store, 12);
        IdentitySae.Write(sae);
        var request = new AnalyzeRequest { Store = store, Sae = sae, Output = output, BatchSize = 64 };
        var result = WhileRunning(p => AnalyzeWorkflow.Run(request, p), () =>
        {
            var refused = Assert.Throws<FolderLockedException>(() => AnalyzeWorkflow.Run(request));
            Assert.Equal("analyze", refused.Holder!.Command);
        });
        using var catalog = result.Catalog.OpenCatalog();
        Assert.Equal(4, catalog.Count);
    }

    [Fact]
    public void Exports_merges_and_organism_builds_refuse_a_folder_another_command_writes()
    {
        string catalog = SyntheticCatalogs.Write(_dir.File("catalog"), 6, new Dictionary<string, string> { ["hook"] = Hook });
        string output = _dir.File("out");
        using (FolderLock.Acquire(output, "harvest"))
        {
            var export = Assert.Throws<FolderLockedException>(() => ExportWorkflow.Run(new ExportRequest { Catalog = catalog, Format = ExportFormat.Csv, Output = output }));
            Assert.Equal("harvest", export.Holder!.Command);
            Assert.Throws<FolderLockedException>(() => ExportWorkflow.Run(new ExportRequest { Catalog = catalog, Format = ExportFormat.Csv, Output = output, ShardIndex = 1, ShardCount = 2 }));
            Assert.Throws<FolderLockedException>(() => StoreWorkflow.Merge([_dir.File("no-such-shard")], output));
            Assert.Throws<FolderLockedException>(() => OrganismWorkflow.Build(new OrganismBuildRequest { Options = OrganismBuildOptions.Tiny(seed: 2), Output = output }));
            AssertOnlyLockFiles(output);
        }
        // Shards of one export still write one folder side by side.
        using (FolderLock.Acquire(output, "export", "shard-0-of-2"))
            ExportWorkflow.Run(new ExportRequest { Catalog = catalog, Format = ExportFormat.Csv, Output = output, BatchSize = 2, ShardIndex = 1, ShardCount = 2 });
        Assert.True(File.Exists(Path.Combine(output, "batch-2.csv")));
    }
}
