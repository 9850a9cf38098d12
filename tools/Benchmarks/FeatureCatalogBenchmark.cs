using System.Diagnostics;
using ShoggothLens.Core.Analysis;
using ShoggothLens.Core.Catalog;
using ShoggothLens.Core.Roles;

namespace ShoggothLens.Benchmarks;

/// <summary>
/// <c>feature-catalog [--features 16384] [--tokens 1000000] [--l0 32] [--reads 1000]</c>: the analysis
/// accumulators fed with synthetic sparse activations (L0 random active features per token, documents of
/// 128 tokens, six roles), then the catalog written, opened and read at random feature ids. Reports
/// tokens/s, tokens × features/s, peak memory, catalog write/open/read times. The SAE's Encode is not included.
/// </summary>
static class FeatureCatalogBenchmark
{
    public static int Run(string[] args)
    {
        int features = 16384, l0 = 32, reads = 1000;
        long tokens = 1_000_000;
        for (int i = 0; i + 1 < args.Length; i += 2)
        {
            switch (args[i])
            {
                case "--features": features = int.Parse(args[i + 1]); break;
                case "--tokens": tokens = long.Parse(args[i + 1]); break;
                case "--l0": l0 = int.Parse(args[i + 1]); break;
                case "--reads": reads = int.Parse(args[i + 1]); break;
                default: Console.Error.WriteLine($"unknown option {args[i]}"); return 1;
            }
        }
        Role[] roles = [Role.Template, Role.User, Role.Assistant, Role.Narration, Role.Persona("spy"), Role.Persona("cook")];
        var accumulator = new FeatureAccumulator(features, roles, ["trigger", "motive"]);
        var random = new Random(1);
        var ids = new int[l0];
        var values = new float[l0];
        var watch = Stopwatch.StartNew();
        for (long t = 0; t < tokens; t++)
        {
            long doc = t / 128;
            for (int k = 0; k < l0; k++)
            {
                ids[k] = (int)((uint)(random.Next() * 2654435761u) % (uint)features);
                values[k] = (float)random.NextDouble() * 5;
            }
            Array.Sort(ids);
            int n = 0;
            for (int k = 0; k < l0; k++) if (k == 0 || ids[k] != ids[k - 1]) { ids[n] = ids[k]; values[n++] = values[k]; }
            accumulator.Add(new TokenMeta(t, (int)(doc % roles.Length), doc, (int)(t % 128), doc % 17 == 0 ? 1u : 0u), ids.AsSpan(0, n), values.AsSpan(0, n));
        }
        double seconds = watch.Elapsed.TotalSeconds;
        Console.WriteLine($"accumulate: {tokens:N0} tokens × {features:N0} features, L0 {l0}: {seconds:F1} s, {tokens / seconds:N0} tokens/s, {tokens * (double)features / seconds:G3} token·features/s");

        string dir = Path.Combine(Path.GetTempPath(), "feature-catalog-bench-" + Environment.ProcessId);
        try
        {
            watch.Restart();
            var metadata = new CatalogMetadata("bench", features, tokens, roles.Select(r => r.ToString()).ToList(), ["trigger", "motive"], new Dictionary<string, string>());
            FeatureCatalogWriter.Write(dir, metadata, accumulator.Results());
            double write = watch.Elapsed.TotalSeconds;
            long bytes = new FileInfo(Path.Combine(dir, CatalogFormat.DataFile)).Length + new FileInfo(Path.Combine(dir, CatalogFormat.IndexFile)).Length;
            Console.WriteLine($"catalog write: {write:F2} s ({features / write:N0} features/s), {bytes / (double)(1 << 20):F1} MiB");
            Console.WriteLine($"peak memory (VmHWM): {PeakMemory.MiB(PeakMemory.Bytes())}");

            watch.Restart();
            using var catalog = FeatureCatalog.Open(dir);
            var first = catalog.Read(features / 2);
            double open = watch.Elapsed.TotalMilliseconds;
            watch.Restart();
            for (int r = 0; r < reads; r++) catalog.Read(random.Next(features));
            double perRead = watch.Elapsed.TotalMilliseconds / reads;
            Console.WriteLine($"catalog open + first read: {open:F1} ms; random read: {perRead * 1000:F0} µs per feature ({reads} reads, warm page cache)");
            GC.KeepAlive(first);
        }
        finally
        {
            if (Directory.Exists(dir)) Directory.Delete(dir, recursive: true);
        }
        return 0;
    }
}
