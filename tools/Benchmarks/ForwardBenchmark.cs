using System.Diagnostics;
using System.Text.Json;
using ShoggothLens.Models.Hooks;
using ShoggothLens.Models.Transformers;
using ShoggothLens.Models.Transformers.Config;
using ShoggothLens.Models.Transformers.Weights;
using static TorchSharp.torch;

namespace ShoggothLens.Benchmarks;

/// <summary>
/// CPU forward throughput of a GPT-2-small-shaped model (12 layers, d 768, 12 heads, vocab 50257,
/// random weights), batch 8 × 256 tokens: a bare forward pass against the same pass recording one
/// hook point. Passes alternate (bare, hooked, bare, ...) so drift of the machine hits both alike.
/// </summary>
static class ForwardBenchmark
{
    public static int Run(string[] args)
    {
        int batch = 8, seq = 256, repeats = 5;
        string hook = "blocks.6.hook_resid_post";
        for (int i = 0; i + 1 < args.Length; i += 2)
        {
            switch (args[i])
            {
                case "--batch": batch = int.Parse(args[i + 1]); break;
                case "--seq": seq = int.Parse(args[i + 1]); break;
                case "--repeats": repeats = int.Parse(args[i + 1]); break;
                case "--hook": hook = args[i + 1]; break;
                default: Console.Error.WriteLine($"unknown option {args[i]}"); return 1;
            }
        }

        const string gpt2Small = """
            {"model_type":"gpt2","vocab_size":50257,"n_positions":1024,"n_embd":768,"n_layer":12,"n_head":12,
             "n_inner":null,"activation_function":"gelu_new","layer_norm_epsilon":1e-5,"tie_word_embeddings":true}
            """;
        using var configDoc = JsonDocument.Parse(gpt2Small);
        var config = TransformerConfigParser.Parse(configDoc.RootElement, "gpt2-small (benchmark)");
        using var model = ModelLoader.Create(config, new RandomWeightSource(seed: 0));
        using var ids = randint(0, config.VocabSize, [batch, seq], dtype: ScalarType.Int64, generator: new Generator(1));
        using var hooks = new HookSet().Record(hook);

        Console.WriteLine($"GPT-2-small shape, {model.ParameterCount:N0} parameters, batch {batch} x {seq} tokens, torch threads {get_num_threads()}");
        Time(() => model.Forward(ids)!.Dispose()); // warm-up: allocator, kernels
        Time(() => model.Forward(ids, hooks)!.Dispose());

        var bare = new List<double>();
        var hooked = new List<double>();
        for (int r = 0; r < repeats; r++)
        {
            bare.Add(Time(() => model.Forward(ids)!.Dispose()));
            hooked.Add(Time(() => { model.Forward(ids, hooks)!.Dispose(); hooks.ClearRecorded(); }));
        }

        double tokens = batch * seq;
        double bareMedian = Stats.Median(bare), hookedMedian = Stats.Median(hooked);
        double overhead = hookedMedian / bareMedian - 1;
        // The fastest run is the one least disturbed by anything else on the machine.
        double bestOverhead = hooked.Min() / bare.Min() - 1;
        Console.WriteLine($"bare forward      median {bareMedian:F3} s  ({tokens / bareMedian:F0} tokens/s)  runs: {string.Join(", ", bare.Select(t => t.ToString("F3")))}");
        Console.WriteLine($"recording {hook}  median {hookedMedian:F3} s  ({tokens / hookedMedian:F0} tokens/s)  runs: {string.Join(", ", hooked.Select(t => t.ToString("F3")))}");
        Console.WriteLine($"hook overhead {overhead * 100:F1}% (medians), {bestOverhead * 100:F1}% (fastest runs)");
        Console.WriteLine(JsonSerializer.Serialize(new
        {
            benchmark = "forward",
            batch,
            seq,
            hook,
            bare_tokens_per_s = Math.Round(tokens / bareMedian),
            hooked_tokens_per_s = Math.Round(tokens / hookedMedian),
            hook_overhead = Math.Round(overhead, 4),
            hook_overhead_fastest = Math.Round(bestOverhead, 4),
        }));
        return 0;
    }

    static double Time(Action action)
    {
        var watch = Stopwatch.StartNew();
        action();
        return watch.Elapsed.TotalSeconds;
    }
}
