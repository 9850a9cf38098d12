using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using ShoggothLens.Core.ActivationStore;

namespace ShoggothLens.Benchmarks;

/// <summary>
/// <c>store-read</c>: sequential read of a store (default: a fresh 2 GiB one) from the page cache.
/// A first pass warms the cache; then each pass opens the store anew, so every chunk's checksum is
/// verified again, and decodes all activations to float32 — (a) chunk by chunk into one reused
/// buffer, (b) through <see cref="SequentialBatchReader"/> in batches of 4096 tokens with metadata.
/// </summary>
static class StoreReadBenchmark
{
    public static int Run(string[] argv)
    {
        var args = new BenchmarkArgs(argv);
        string? given = args.Optional("--store");
        double gib = args.Double("--gib", 2);
        int passes = args.Int("--passes", 3);
        args.CheckAllUsed();

        string store = given ?? Path.Combine(Path.GetTempPath(), $"shoggoth-read-{Guid.NewGuid():N}");
        try
        {
            if (given is null) ChildProcess.Run("harvest-fill", "--gib", gib.ToString(CultureInfo.InvariantCulture), "--out", store);
            var info = ActivationStoreReader.Open(store);
            long activationBytes = info.Tokens * info.DModel * info.Settings.DType.Size() * info.Hooks.Count;
            long fileBytes = Directory.EnumerateFiles(store, "*", SearchOption.AllDirectories).Sum(f => new FileInfo(f).Length);
            Console.WriteLine($"{info.Tokens:N0} tokens, d_model {info.DModel}, {info.Settings.DType.Name()}, {info.ChunkCount} chunks, {fileBytes / (double)(1L << 30):F2} GiB on disk");

            ChunkPass(store);   // warm the page cache
            var chunkRates = new List<double>();
            var batchRates = new List<double>();
            for (int p = 0; p < passes; p++)
            {
                chunkRates.Add(fileBytes / ChunkPass(store) / (1L << 30));
                batchRates.Add(fileBytes / BatchPass(store) / (1L << 30));
                Console.WriteLine($"pass {p + 1}: chunks {chunkRates[^1]:F2} GiB/s, 4096-token batches {batchRates[^1]:F2} GiB/s");
            }
            double chunk = Stats.Median(chunkRates), batch = Stats.Median(batchRates);
            double tokensPerSecond = info.Tokens / (fileBytes / (chunk * (1L << 30)));
            Console.WriteLine($"median: {chunk:F2} GiB/s chunk by chunk ({tokensPerSecond:N0} tokens/s), {batch:F2} GiB/s in batches; peak RSS {PeakMemory.MiB(PeakMemory.Bytes())}");
            Console.WriteLine(JsonSerializer.Serialize(new
            {
                benchmark = "store-read",
                tokens = info.Tokens,
                store_bytes = fileBytes,
                activation_bytes = activationBytes,
                chunk_gib_per_s = Math.Round(chunk, 3),
                batch_gib_per_s = Math.Round(batch, 3),
                chunk_tokens_per_s = Math.Round(tokensPerSecond),
                peak_rss_bytes = PeakMemory.Bytes(),
            }));
            return 0;
        }
        finally
        {
            if (given is null && Directory.Exists(store)) Directory.Delete(store, recursive: true);
        }
    }

    /// <summary>Seconds to verify and decode every chunk into one reused float buffer.</summary>
    static double ChunkPass(string path)
    {
        var store = ActivationStoreReader.Open(path);
        var buffer = new float[(long)store.Settings.ChunkTokens * store.DModel];
        double sum = 0;
        var watch = Stopwatch.StartNew();
        foreach (var chunk in store.ReadChunks())
        {
            chunk.ReadActivations(0, 0, chunk.Tokens, buffer);
            sum += buffer[0] + chunk.TokenIds[^1];
        }
        double seconds = watch.Elapsed.TotalSeconds;
        GC.KeepAlive(sum);
        return seconds;
    }

    static double BatchPass(string path)
    {
        var store = ActivationStoreReader.Open(path);
        using var reader = new SequentialBatchReader(store, store.Hooks[0]);
        var batch = new ActivationBatch(4096, store.DModel);
        double sum = 0;
        var watch = Stopwatch.StartNew();
        while (reader.Next(batch)) sum += batch.Activations[0];
        double seconds = watch.Elapsed.TotalSeconds;
        GC.KeepAlive(sum);
        return seconds;
    }
}
