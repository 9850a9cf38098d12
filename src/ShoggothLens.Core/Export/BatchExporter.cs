using ShoggothLens.Core.Files;
using System.Diagnostics;
using ShoggothLens.Core.Analysis;
using ShoggothLens.Core.Catalog;
using ShoggothLens.Core.Formats;

namespace ShoggothLens.Core.Export;

/// <summary>
/// Writes one shard's batch files of a <see cref="BatchPlan"/> (features/README.md, "Export"). Features are read
/// from the catalog one at a time and streamed into the file, so memory does not grow with the catalog or the
/// batch size. Each file is written atomically (temporary file + rename). A file an earlier run left is kept when
/// <see cref="IBatchFormat.IsComplete"/> confirms it holds exactly its batch's features, and written again
/// otherwise, so an interrupted export resumes by running the same command again. Output depends only on the
/// catalog, the format's settings and the plan.
/// </summary>
public static class BatchExporter
{
    public static string FileName(IBatchFormat format, int batch) => $"batch-{batch}.{format.Extension}";

    public static ExportSummary Run(FeatureCatalog catalog, string outDirectory, IBatchFormat format, BatchPlan plan,
        int shard = 0, int shards = 1, IProgress<ExportProgress>? progress = null, CancellationToken cancel = default)
    {
        if (plan.End > catalog.Count) throw new ArgumentException($"feature range {plan.First}-{plan.End - 1} is not within 0-{catalog.Count - 1}");
        var (b0, b1) = plan.Shard(shard, shards);
        int total = plan.ShardFeatures(shard, shards);
        Directory.CreateDirectory(outDirectory);
        RemoveStaleTemporaries(outDirectory, format, b0, b1);

        var watch = Stopwatch.StartNew();
        int written = 0, skipped = 0, replaced = 0, featuresWritten = 0, done = 0;
        void Report(int batchesDone) =>
            progress?.Report(new ExportProgress(done, total, batchesDone, b1 - b0, featuresWritten / Math.Max(watch.Elapsed.TotalSeconds, 1e-9)));

        for (int b = b0; b < b1; b++)
        {
            if (cancel.IsCancellationRequested) return new ExportSummary(written, skipped, replaced, featuresWritten, watch.Elapsed, true);
            var (from, to) = plan.Range(b);
            string path = Path.Combine(outDirectory, FileName(format, b));
            if (File.Exists(path))
            {
                if (format.IsComplete(path, from, to))
                {
                    skipped++;
                    done += to - from;
                    Report(b - b0 + 1);
                    continue;
                }
                replaced++;
            }
            AtomicFile.Write(path, stream => format.Write(stream, catalog.Metadata, Features(catalog, from, to, () =>
            {
                done++;
                featuresWritten++;
                Report(b - b0);
            })));
            written++;
            Report(b - b0 + 1);
        }
        return new ExportSummary(written, skipped, replaced, featuresWritten, watch.Elapsed, false);
    }

    static IEnumerable<FeatureStatistics> Features(FeatureCatalog catalog, int from, int to, Action afterEach)
    {
        for (int f = from; f < to; f++)
        {
            yield return catalog.Read(f);
            afterEach();
        }
    }

    /// <summary>
    /// Temporary files a killed run left beside this shard's batch files (<c>batch-N.EXT.PID.GUID.tmp</c>). Only the
    /// shard's own batches: another shard writing into the same folder at the same time keeps its temporaries.
    /// </summary>
    static void RemoveStaleTemporaries(string directory, IBatchFormat format, int b0, int b1)
    {
        foreach (string temp in Directory.EnumerateFiles(directory, $"batch-*.{format.Extension}.*.tmp"))
        {
            string name = Path.GetFileName(temp);
            int dash = "batch-".Length, dot = name.IndexOf('.', dash);
            if (dot > dash && int.TryParse(name.AsSpan(dash, dot - dash), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int batch)
                && batch >= b0 && batch < b1 && name.AsSpan(dot + 1).StartsWith(format.Extension + ".", StringComparison.Ordinal))
                File.Delete(temp);
        }
    }
}
