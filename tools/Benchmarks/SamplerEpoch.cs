using System.Diagnostics;
using System.Text.Json;
using ShoggothLens.Core.ActivationStore;

namespace ShoggothLens.Benchmarks;

/// <summary>
/// <c>sampler-epoch</c>: one full epoch of the shuffled sampler over a store, checking that it
/// emitted every token exactly once (same count, and the same order-independent sum of a hash of
/// (document, position) as a sequential pass, so the check itself needs no memory). Prints one
/// JSON line with time, tokens/s and peak RSS.
/// </summary>
static class SamplerEpoch
{
    public static int Run(string[] argv)
    {
        var args = new BenchmarkArgs(argv);
        string path = args.String("--store", "");
        int batchSize = args.Int("--batch", 4096);
        int buffer = args.Int("--buffer", 16384);
        args.CheckAllUsed();

        var store = ActivationStoreReader.Open(path);
        string hook = store.Hooks[0];
        var batch = new ActivationBatch(batchSize, store.DModel);

        var (expectedCount, expectedSum) = (0L, 0UL);
        using (var sequential = new SequentialBatchReader(store, hook))
            while (sequential.Next(batch))
                for (int i = 0; i < batch.Count; i++, expectedCount++) expectedSum += Hash(batch, i);

        var watch = Stopwatch.StartNew();
        long count = 0;
        ulong sum = 0;
        double checksum = 0;
        using (var sampler = new ShuffledBatchSampler(store, new SamplerOptions(hook, batchSize, buffer, Seed: 1)))
        {
            do
            {
                sampler.Next(batch);
                for (int i = 0; i < batch.Count; i++, count++) sum += Hash(batch, i);
                checksum += batch.Activations[0];   // touch the data so nothing is optimized away
            }
            while (sampler.Position.TokensInEpoch < store.Tokens);
        }
        double seconds = watch.Elapsed.TotalSeconds;
        bool exact = count == expectedCount && sum == expectedSum;
        Console.WriteLine(JsonSerializer.Serialize(new
        {
            benchmark = "sampler-epoch",
            tokens = count,
            every_token_once = exact,
            buffer_tokens = buffer,
            batch = batchSize,
            seconds = Math.Round(seconds, 2),
            tokens_per_s = Math.Round(count / seconds),
            gib_per_s = Math.Round(count * (double)store.DModel * 4 / seconds / (1L << 30), 3),
            peak_rss_bytes = PeakMemory.Bytes(),
            checksum,
        }));
        return exact ? 0 : 3;
    }

    static ulong Hash(ActivationBatch b, int i)
    {
        ulong x = ((ulong)b.DocumentIndices[i] << 24) ^ (uint)b.Positions[i];
        x ^= x >> 33;
        x *= 0xff51afd7ed558ccdUL;
        x ^= x >> 33;
        return x;
    }
}
