using ShoggothLens.Core.Catalog;
using ShoggothLens.Core.Work;
using ShoggothLens.TestKit.Catalogs;
using ShoggothLens.Workbench.Analysis;

namespace ShoggothLens.Workbench.Tests.Analysis;

/// <summary>
/// Issue 14: one flipped bit of analyze.checkpoint was used on the rerun (exit 0, and in 3 of 5 flips a different
/// catalog, e.g. a leak document id 281474976710968). The checkpoint now carries a checksum: a damaged one is
/// discarded with a note and the rerun starts over, ending with the uninterrupted run's catalog.
/// </summary>
public sealed class DamagedCheckpointTests : IDisposable
{
    readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void A_checkpoint_with_a_flipped_bit_is_discarded_and_the_catalog_is_the_uninterrupted_one()
    {
        string store = _dir.File("store"), sae = _dir.File("sae");
        PlantedMotiveStore.Write(store, 60);
        IdentitySae.Write(sae);
        AnalyzeRequest Request(string output) => new() { Store = store, Sae = sae, Output = output, BatchSize = 64, CheckpointEveryChunks = 1 };
        var whole = AnalyzeWorkflow.Run(Request(_dir.File("whole/cat")));
        var random = new Random(14);
        for (int trial = 0; trial < 5; trial++)
        {
            var request = Request(_dir.File($"flip{trial}/cat"));
            using (var stop = new CancellationTokenSource())
            {
                var progress = new InlineProgress<WorkProgress>(p => { if (p.Kind == WorkEventKind.Checkpoint && p.Done >= 512) stop.Cancel(); });
                Assert.ThrowsAny<OperationCanceledException>(() => AnalyzeWorkflow.Run(request, progress, stop.Token));
            }
            string checkpoint = new CatalogFolder(request.Output).AnalyzeCheckpointPath;
            byte[] bytes = File.ReadAllBytes(checkpoint);
            int bit = random.Next(bytes.Length * 8);
            bytes[bit / 8] ^= (byte)(1 << (bit % 8));
            File.WriteAllBytes(checkpoint, bytes);

            var rerun = AnalyzeWorkflow.Run(request);
            Assert.Null(rerun.ResumedFrom);
            Assert.Contains("is damaged (its checksum does not match)", rerun.IgnoredCheckpoint);
            foreach (string file in new[] { CatalogFormat.DataFile, CatalogFormat.IndexFile, CatalogFolder.PersonaVectorsFileName })
                Assert.True(File.ReadAllBytes(Path.Combine(whole.Catalog.Directory, file)).AsSpan().SequenceEqual(File.ReadAllBytes(Path.Combine(rerun.Catalog.Directory, file))),
                    $"flip of bit {bit} of {bytes.Length * 8}: {file} differs");
        }
    }
}
