using System.Diagnostics;
using System.Globalization;
using ShoggothLens.Core.ActivationStore;
using ShoggothLens.Core.Corpus;
using ShoggothLens.Core.Roles;
using ShoggothLens.Core.Safetensors;

namespace ShoggothLens.Benchmarks;

/// <summary>
/// <c>analyze-end-to-end --shoggoth PATH/shoggoth.dll [--features 16384] [--tokens 1000000] [--d-in 256] [--l0 32] [--dir DIR]</c>:
/// writes a synthetic store (bf16 Gaussian residuals, documents of 128 tokens cycling through six roles) and a random
/// standard SAE whose bias gives about L0 active features per token, then runs the real <c>shoggoth analyze</c> on them
/// in a child process under <c>/usr/bin/time -v</c>: the SAE's Encode, the streaming statistics, the context pass,
/// decoder neighbours and the catalog write. Reports wall time, tokens × features / s and the child's peak RSS.
/// </summary>
static class AnalyzeBenchmark
{
    const string Hook = "blocks.6.hook_resid_post";

    public static int Run(string[] args)
    {
        int features = 16384, dIn = 256, l0 = 32;
        long tokens = 1_000_000;
        string? shoggoth = null, dir = null;
        for (int i = 0; i + 1 < args.Length; i += 2)
        {
            switch (args[i])
            {
                case "--features": features = int.Parse(args[i + 1], CultureInfo.InvariantCulture); break;
                case "--tokens": tokens = long.Parse(args[i + 1], CultureInfo.InvariantCulture); break;
                case "--d-in": dIn = int.Parse(args[i + 1], CultureInfo.InvariantCulture); break;
                case "--l0": l0 = int.Parse(args[i + 1], CultureInfo.InvariantCulture); break;
                case "--shoggoth": shoggoth = args[i + 1]; break;
                case "--dir": dir = args[i + 1]; break;
                default: Console.Error.WriteLine($"unknown option {args[i]}"); return 1;
            }
        }
        if (shoggoth is null || !File.Exists(shoggoth)) { Console.Error.WriteLine("--shoggoth PATH/shoggoth.dll is required"); return 1; }
        dir ??= Path.Combine(Path.GetTempPath(), "analyze-bench-" + Environment.ProcessId);
        string store = Path.Combine(dir, "store"), sae = Path.Combine(dir, "sae"), catalog = Path.Combine(dir, "catalog");
        try
        {
            var watch = Stopwatch.StartNew();
            if (!File.Exists(Path.Combine(store, "manifest.json"))) WriteStore(store, tokens, dIn);
            WriteSae(sae, dIn, features, l0);
            Console.WriteLine($"inputs: {tokens:N0} tokens × d_in {dIn} (bf16), SAE {features:N0} features: {watch.Elapsed.TotalSeconds:F0} s");

            var start = new ProcessStartInfo("/usr/bin/time") { RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (var a in new[] { "-v", "dotnet", shoggoth, "analyze", "--store", store, "--sae", sae, "--out", catalog })
                start.ArgumentList.Add(a);
            watch.Restart();
            using var process = Process.Start(start)!;
            var stdout = process.StandardOutput.ReadToEndAsync();
            string stderr = process.StandardError.ReadToEnd();
            process.WaitForExit();
            double seconds = watch.Elapsed.TotalSeconds;
            if (process.ExitCode != 0) { Console.Error.WriteLine(stderr); return 1; }
            string rss = stderr.Split('\n').First(l => l.Contains("Maximum resident set size", StringComparison.Ordinal)).Split(':')[1].Trim();
            Console.Write(stdout.Result);
            foreach (var line in stderr.Split('\n').Where(l => l.Contains(": ", StringComparison.Ordinal) && !l.StartsWith('\t')).TakeLast(6))
                Console.WriteLine("  " + line);
            Console.WriteLine($"analyze end to end: {seconds:F0} s, {tokens / seconds:N0} tokens/s, {tokens * (double)features / seconds:G3} token·features/s; peak RSS {long.Parse(rss, CultureInfo.InvariantCulture) / 1024.0:F0} MiB");
            long bytes = Directory.GetFiles(catalog).Sum(f => new FileInfo(f).Length);
            Console.WriteLine($"catalog folder: {bytes / (double)(1 << 20):F1} MiB");
        }
        finally
        {
            if (!args.Contains("--dir") && Directory.Exists(dir)) Directory.Delete(dir, recursive: true);
        }
        return 0;
    }

    static void WriteStore(string directory, long tokens, int dIn)
    {
        const int document = 128;
        long documents = (tokens + document - 1) / document;
        var settings = new StoreSettings("bench", "bench-fingerprint", [Hook], dIn, ActivationDType.BF16, ChunkTokens: 16384,
            new HarvestParameters([new CorpusFileSummary("corpus.jsonl", 1, documents, "0011223344556677")], "bench", "plain",
                Context: document, BatchSize: 1, RecordsPerBlock: 1, MaxTokens: null),
            ShardRange.Whole(documents));
        var writer = ActivationStoreWriter.Create(directory, settings);
        Role[] cycle = [Role.Template, Role.User, Role.Assistant, Role.Narration, Role.Persona("spy"), Role.Persona("cook")];
        var random = new Random(1);
        var acts = new float[document * dIn];
        for (long d = 0; d < documents; d++)
        {
            int n = (int)Math.Min(document, tokens - d * document);
            for (int i = 0; i < n * dIn; i++)
            {
                double u1 = 1 - random.NextDouble(), u2 = random.NextDouble();
                acts[i] = (float)(Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2));
            }
            writer.BeginBatch(new HarvestCursor(d, 0, 0), 0);
            writer.Append(new TokenRun
            {
                TokenIds = Enumerable.Range(0, n).Select(p => (int)((d * 131 + p * 17) % 50257)).ToArray(),
                RoleIndices = Enumerable.Range(0, n).Select(p => (ushort)(p / 32 % 2)).ToArray(),
                Roles = [cycle[d % 3 * 2], cycle[d % 3 * 2 + 1]],
                DocumentIndices = Enumerable.Repeat(d, n).ToArray(),
                Documents = [new StoreDocument(d, $"doc-{d}", 0, d + 1)],
                Positions = Enumerable.Range(0, n).ToArray(),
                LabelBits = Enumerable.Range(0, n).Select(p => d % 17 == 0 ? 1u : 0u).ToArray(),
                LabelNames = ["trigger"],
            }, new FloatActivationRows([acts.AsSpan(0, n * dIn).ToArray()], dIn));
        }
        writer.Complete(HarvestCursor.At(documents), 0);
    }

    /// <summary>W_enc ~ N(0, 1/d_in), so pre-activations of Gaussian inputs are ≈ N(0, 1); b_enc = −z with P(N(0,1) > z) = L0 / features.</summary>
    static void WriteSae(string directory, int dIn, int features, int l0)
    {
        Directory.CreateDirectory(directory);
        var random = new Random(2);
        float Gaussian(double scale)
        {
            double u1 = 1 - random.NextDouble(), u2 = random.NextDouble();
            return (float)(scale * Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2));
        }
        var wEnc = new float[(long)dIn * features];
        for (long i = 0; i < wEnc.LongLength; i++) wEnc[i] = Gaussian(1 / Math.Sqrt(dIn));
        var wDec = new float[(long)features * dIn];
        for (long i = 0; i < wDec.LongLength; i++) wDec[i] = Gaussian(1 / Math.Sqrt(dIn));
        double p = (double)l0 / features, z = 0;
        for (double lo = 0, hi = 10; hi - lo > 1e-6;) { z = (lo + hi) / 2; if (0.5 * Erfc(z / Math.Sqrt(2)) > p) lo = z; else hi = z; }
        var bEnc = Enumerable.Repeat((float)-z, features).ToArray();
        SafetensorsWriter.Write(Path.Combine(directory, "sae_weights.safetensors"),
        [
            SafetensorsTensor.Float32("W_enc", [dIn, features], wEnc),
            SafetensorsTensor.Float32("b_enc", [features], bEnc),
            SafetensorsTensor.Float32("W_dec", [features, dIn], wDec),
            SafetensorsTensor.Float32("b_dec", [dIn], new float[dIn]),
        ]);
        File.WriteAllText(Path.Combine(directory, "cfg.json"),
            $"{{\"architecture\":\"standard\",\"d_in\":{dIn},\"d_sae\":{features},\"dtype\":\"float32\",\"device\":\"cpu\",\"apply_b_dec_to_input\":false," +
            $"\"normalize_activations\":\"none\",\"metadata\":{{\"hook_name\":\"{Hook}\"}}}}");
    }

    /// <summary>Complementary error function (Numerical Recipes' erfcc, |error| &lt; 1.2e-7).</summary>
    static double Erfc(double x)
    {
        double z = Math.Abs(x), t = 1 / (1 + 0.5 * z);
        double r = t * Math.Exp(-z * z - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806 + t * (0.27886807
            + t * (-1.13520398 + t * (1.48851632 + t * (-0.82215223 + t * 0.17087277)))))))));
        return x >= 0 ? r : 2 - r;
    }
}
