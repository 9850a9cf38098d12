using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using ShoggothLens.Core.Analysis;
using ShoggothLens.Core.Catalog;
using ShoggothLens.Core.Export;

namespace ShoggothLens.Benchmarks;

/// <summary>
/// <c>export [--features 16384] [--contexts 20] [--context-tokens 32] [--groups 10] [--group-examples 5] [--logits 10]
/// [--batch-size 128] [--catalog DIR] [--keep true]</c>: writes a synthetic catalog with every field of the record
/// filled at SAEDashboard's usual sizes (20 top contexts and 10 interval groups × 5 examples of 32 tokens each,
/// 10 promoted and 10 suppressed tokens, a 50-bin logit histogram, 10 decoder neighbours, 10 co-activating
/// features, 4 persona cosines, 6 roles), then exports it to Neuronpedia batch JSON in a fresh child process (so
/// the peak memory reported is the export's alone), then runs the export again (every file verified and skipped).
/// Reports features/s, output size and peak RSS (VmHWM) of each run.
/// </summary>
static class ExportBenchmark
{
    public static int Run(string[] argv)
    {
        var args = new BenchmarkArgs(argv);
        int features = args.Int("--features", 16384), contexts = args.Int("--contexts", 20), tokens = args.Int("--context-tokens", 32);
        int groups = args.Int("--groups", 10), examples = args.Int("--group-examples", 5), logits = args.Int("--logits", 10);
        int batchSize = args.Int("--batch-size", 128);
        string? catalogOption = args.Optional("--catalog");
        bool keep = args.String("--keep", "false") == "true";
        args.CheckAllUsed();

        string root = Path.Combine(Path.GetTempPath(), "export-bench-" + Environment.ProcessId);
        string catalog = catalogOption ?? Path.Combine(root, "catalog"), output = Path.Combine(root, "out");
        try
        {
            if (!File.Exists(Path.Combine(catalog, CatalogFormat.IndexFile)))
            {
                var watch = Stopwatch.StartNew();
                var metadata = new CatalogMetadata("bench", features, 10_000_000, Roles, ["trigger", "motive"],
                    new Dictionary<string, string> { ["hook"] = "blocks.6.hook_resid_post", ["model"] = "bench-model" });
                FeatureCatalogWriter.Write(catalog, metadata, Synthetic(features, contexts, tokens, groups, examples, logits));
                long bytes = new FileInfo(Path.Combine(catalog, CatalogFormat.DataFile)).Length;
                Console.WriteLine($"catalog: {features:N0} features written in {watch.Elapsed.TotalSeconds:F1} s, {bytes / (double)(1 << 20):F0} MiB");
            }
            foreach (string pass in new[] { "first run (writes every batch)", "second run (verifies and skips every batch)" })
            {
                var r = ChildProcess.Run("export-child", "--catalog", catalog, "--out", output, "--batch-size", batchSize.ToString(CultureInfo.InvariantCulture));
                Console.WriteLine($"{pass}: {r.GetProperty("features").GetInt32():N0} features in {r.GetProperty("seconds").GetDouble():F2} s = "
                                  + $"{r.GetProperty("features_per_second").GetDouble():N0} features/s; {r.GetProperty("written").GetInt32()} files written, "
                                  + $"{r.GetProperty("skipped").GetInt32()} skipped; output {r.GetProperty("output_mib").GetDouble():F0} MiB; "
                                  + $"peak RSS {r.GetProperty("peak_rss_mib").GetDouble():F0} MiB");
            }
        }
        finally
        {
            if (!keep && Directory.Exists(root)) Directory.Delete(root, recursive: true);
            else if (keep) Console.WriteLine($"kept {root}");
        }
        return 0;
    }

    /// <summary>The export itself, in its own process: one JSON line with the figures.</summary>
    public static int RunChild(string[] argv)
    {
        var args = new BenchmarkArgs(argv);
        string catalogDir = args.String("--catalog", ""), output = args.String("--out", "");
        int batchSize = args.Int("--batch-size", 128);
        args.CheckAllUsed();
        using var catalog = FeatureCatalog.Open(catalogDir);
        // The format alone: its candidate flag is one set lookup per feature (the export command computes the set first).
        var format = new NeuronpediaFormat(NeuronpediaSettings.FromCatalog(catalog.Metadata), CandidateSet.Empty);
        var watch = Stopwatch.StartNew();
        var summary = BatchExporter.Run(catalog, output, format, new BatchPlan(0, catalog.Count, batchSize));
        double seconds = watch.Elapsed.TotalSeconds;
        long bytes = Directory.EnumerateFiles(output).Sum(f => new FileInfo(f).Length);
        Console.WriteLine(JsonSerializer.Serialize(new
        {
            features = catalog.Count,
            seconds,
            features_per_second = catalog.Count / seconds,
            written = summary.Written,
            skipped = summary.Skipped,
            output_mib = bytes / (double)(1 << 20),
            peak_rss_mib = PeakMemory.Bytes() / (double)(1 << 20),
        }));
        return 0;
    }

    static readonly string[] Roles = ["Template", "User", "Assistant", "Narration", "Persona(spy)", "Persona(cook)"];

    static IEnumerable<FeatureStatistics> Synthetic(int features, int contexts, int tokens, int groups, int examples, int logits)
    {
        var random = new Random(1);
        var vocab = Enumerable.Range(0, 50_257).Select(i => i % 7 == 0 ? $" {Word(random)}" : Word(random)).ToArray();
        for (int f = 0; f < features; f++)
        {
            float max = 1 + (float)random.NextDouble() * 20;
            var byRole = Roles.Select(r => new RoleStatistics(r, 1_000_000, random.Next(100, 20_000), random.NextDouble() * 5000, max * (float)random.NextDouble())).ToList();
            long firings = byRole.Sum(r => r.Firings);
            var overall = new RoleStatistics("All", 6_000_000, firings, byRole.Sum(r => r.Sum), max);
            var histogram = Enumerable.Range(0, 50).Select(i => (int)(firings / (i + 2) / 4)).ToList();
            var topExamples = Enumerable.Range(0, 20).Select(i => new ActivationExample(random.NextInt64(6_000_000), random.Next(50_000), random.Next(128), "Assistant", max - i * 0.1f)).ToList();
            var scores = new FeatureScores(random.NextDouble() * 4 - 2, false, true, "spy", 0.002, 0.001, true, 12,
                Enumerable.Range(0, 12).Select(i => new LeakDocument(random.Next(50_000), 3, max / 2, 10, ["trigger", "motive"], 20)).ToList(),
                [new LabelShare("trigger", 11, 11 / 12.0), new LabelShare("motive", 12, 1)], ["trigger"], 12, 9);
            var top = Enumerable.Range(0, contexts).Select(i => Window(random, vocab, tokens, max - i * 0.2f)).ToList();
            var quantiles = Enumerable.Range(0, groups).Select(g => new QuantileGroup(max * g / groups, max * (g + 1) / groups, firings / groups,
                Enumerable.Range(0, examples).Select(_ => Window(random, vocab, tokens, max * (g + 0.5f) / groups)).ToList())).ToList();
            var effects = new LogitEffects(
                Enumerable.Range(0, logits).Select(i => new TokenEffect(random.Next(vocab.Length), vocab[random.Next(vocab.Length)], 3 - i * 0.1f)).ToList(),
                Enumerable.Range(0, logits).Select(i => new TokenEffect(random.Next(vocab.Length), vocab[random.Next(vocab.Length)], -3 + i * 0.1f)).ToList(),
                -3.2f, 0.128f, Enumerable.Range(0, 50).Select(i => 1000 - Math.Abs(25 - i) * 40).ToList());
            yield return new FeatureStatistics(f, overall, byRole, -4, histogram, topExamples, scores, top, quantiles, effects,
                Enumerable.Range(1, 10).Select(i => new FeatureLink((f + i * 97) % features, 0.9 - i * 0.05)).ToList(),
                Enumerable.Range(1, 10).Select(i => new FeatureLink((f + i * 31) % features, 0.5 - i * 0.03)).ToList(),
                [new PersonaCosine("spy", 0.31), new PersonaCosine("cook", -0.12), new PersonaCosine("pirate", 0.05), new PersonaCosine("judge", 0.0)]);
        }
    }

    static ContextWindow Window(Random random, string[] vocab, int length, float peak)
    {
        int q = random.Next(length);
        var ids = Enumerable.Range(0, length).Select(_ => random.Next(vocab.Length)).ToList();
        var acts = Enumerable.Range(0, length).Select(i => i == q ? peak : random.NextDouble() < 0.7 ? 0f : (float)random.NextDouble() * peak).ToList();
        return new ContextWindow(random.Next(50_000), random.Next(1, 128), q, ids.Select(i => vocab[i]).ToList(), ids, acts,
            Enumerable.Range(0, length).Select(i => i < length / 3 ? "User" : "Assistant").ToList(), peak);
    }

    static string Word(Random random)
    {
        Span<char> chars = stackalloc char[random.Next(1, 9)];
        for (int i = 0; i < chars.Length; i++) chars[i] = (char)('a' + random.Next(26));
        return new string(chars);
    }
}
