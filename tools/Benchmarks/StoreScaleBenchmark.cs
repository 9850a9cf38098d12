using System.Globalization;
using System.Text.Json;

namespace ShoggothLens.Benchmarks;

/// <summary>
/// <c>store-scale</c>: for stores of growing size (default 0.5, 1, 2, 4 GiB of d_model-1024 f32
/// activations), the peak memory of the harvest that writes the store (<c>harvest-fill</c>) and of
/// one full epoch of the shuffled sampler over it (<c>sampler-epoch</c>), each in its own process.
/// Flat columns mean memory does not grow with the store.
/// </summary>
static class StoreScaleBenchmark
{
    public static int Run(string[] argv)
    {
        var args = new BenchmarkArgs(argv);
        var sizes = args.String("--gib", "0.5,1,2,4").Split(',').Select(s => double.Parse(s, CultureInfo.InvariantCulture)).ToArray();
        string root = args.String("--dir", Path.GetTempPath());
        int buffer = args.Int("--buffer", 16384);
        args.CheckAllUsed();

        Console.WriteLine($"store GiB | tokens    | harvest tokens/s | harvest peak RSS | epoch s | epoch tokens/s | epoch peak RSS | every token once");
        var rows = new List<object>();
        foreach (double gib in sizes)
        {
            string store = Path.Combine(root, $"shoggoth-scale-{gib.ToString(CultureInfo.InvariantCulture)}-{Guid.NewGuid():N}");
            try
            {
                var fill = ChildProcess.Run("harvest-fill", "--gib", gib.ToString(CultureInfo.InvariantCulture), "--out", store);
                var epoch = ChildProcess.Run("sampler-epoch", "--store", store, "--buffer", buffer.ToString(CultureInfo.InvariantCulture));
                long storeBytes = fill.GetProperty("store_bytes").GetInt64();
                Console.WriteLine($"{storeBytes / (double)(1L << 30),9:F2} | {fill.GetProperty("tokens").GetInt64(),9:N0} | {fill.GetProperty("tokens_per_s").GetDouble(),16:N0} | " +
                                  $"{PeakMemory.MiB(fill.GetProperty("peak_rss_bytes").GetInt64()),16} | {epoch.GetProperty("seconds").GetDouble(),7:F1} | " +
                                  $"{epoch.GetProperty("tokens_per_s").GetDouble(),14:N0} | {PeakMemory.MiB(epoch.GetProperty("peak_rss_bytes").GetInt64()),14} | {epoch.GetProperty("every_token_once").GetBoolean()}");
                rows.Add(new { gib = storeBytes / (double)(1L << 30), harvest = fill, sampler = epoch });
            }
            finally
            {
                if (Directory.Exists(store)) Directory.Delete(store, recursive: true);
            }
        }
        Console.WriteLine(JsonSerializer.Serialize(new { benchmark = "store-scale", buffer_tokens = buffer, rows }));
        return 0;
    }
}
