using ShoggothLens.Core.ActivationStore;
using ShoggothLens.Core.Files;
using ShoggothLens.Core.Work;

namespace ShoggothLens.Workbench.Stores;

/// <summary>Inspect, verify and merge activation stores.</summary>
public static class StoreWorkflow
{
    /// <summary>Tokens by role, hooks, sizes of a store; with <paramref name="verify"/> every chunk's checksum is checked (reads the whole store).</summary>
    public static StoreInfo Info(string store, bool verify = false)
    {
        var reader = ActivationStoreReader.Open(store);
        return new StoreInfo(StoreSummary.Of(reader), verify ? reader.Verify() : null);
    }

    /// <summary>
    /// Joins the shard stores of one harvest into the store an unsharded harvest writes (shard stores → store).
    /// The merged store gets its manifest only at the end: cancellation throws <see cref="OperationCanceledException"/>
    /// and leaves no store, and the merge is run again. Progress: tokens written.
    /// </summary>
    /// <exception cref="FolderLockedException">Another command is writing the output folder.</exception>
    public static StoreManifest Merge(IReadOnlyList<string> shards, string output, IProgress<WorkProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        using var folderLock = FolderLock.Acquire(output, "store merge");   // a second writer is refused, never interleaved
        return StoreMerger.Merge(shards, output, progress.Map<long, WorkProgress>(tokens => new WorkProgress("merge", tokens, 0, "tokens")), cancellationToken);
    }
}
