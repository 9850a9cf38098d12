using System.Diagnostics;
using System.Text.Json;
using ShoggothLens.Core.ActivationStore;
using ShoggothLens.Core.Corpus;
using ShoggothLens.Models.ChatTemplates;
using ShoggothLens.Models.Harvest;
using ShoggothLens.Models.Hooks;
using ShoggothLens.Models.Tokenization;
using ShoggothLens.Models.Transformers;
using ShoggothLens.Models.Transformers.Config;
using ShoggothLens.Models.Transformers.Weights;
using static TorchSharp.torch;

namespace ShoggothLens.Benchmarks;

/// <summary>
/// Harvest throughput against the bare forward pass, on the GPT-2-small-shaped random model (or a
/// model directory). The corpus is generated role-play stories long enough that nearly every
/// window is full; the baselines run [batch, context] random ids through the model, (a) whole, with
/// no hooks, and (b) up to the same hook with the same early stop. Runs alternate so drift of the
/// machine hits all alike; the tokenization stage is timed on its own too.
/// </summary>
static class HarvestBenchmark
{
    public static int Run(string[] argv)
    {
        var args = new BenchmarkArgs(argv);
        int tokens = args.Int("--tokens", 8192);
        int context = args.Int("--context", 128);
        int batch = args.Int("--batch", 8);
        int repeats = args.Int("--repeats", 3);
        string hook = args.String("--hook", "blocks.6.hook_resid_post");
        var dtype = ActivationDTypes.Parse(args.String("--dtype", "f32"));
        string? modelDir = args.Optional("--model");
        string tokenizerDir = args.String("--tokenizer", FindFixture("tokenizers", "bytelevel-bpe"));
        args.CheckAllUsed();

        using var model = modelDir is null ? Gpt2Small() : ModelLoader.Load(modelDir);
        var identity = modelDir is null ? new ModelIdentity("gpt2-small-random", "seed-0") : ModelIdentity.FromDirectory(modelDir);
        var tokenizer = TokenizerLoader.Load(tokenizerDir);
        string work = Directory.CreateTempSubdirectory("harvest-bench-").FullName;
        try
        {
            string corpus = Stories.Write(Path.Combine(work, "stories.jsonl"), tokenizer, tokens, context);
            Console.WriteLine($"{identity.Id}: {model.ParameterCount:N0} parameters, d_model {model.Config.DModel}; {tokens:N0} tokens, context {context}, batch {batch}, hook {hook}, {dtype.Name()}; torch threads {get_num_threads()}");

            var (tokenizeRate, fill) = TokenizeOnly(corpus, tokenizer, context, batch, tokens);
            var bare = new List<double>();
            var early = new List<double>();
            var harvest = new List<double>();
            var outside = new List<double>();
            long peak = 0;
            for (int r = 0; r < repeats + 1; r++)
            {
                // Round 0 warms up allocator, kernels and JIT; it is not counted.
                double b = ForwardRate(model, batch, context, null), e = ForwardRate(model, batch, context, hook);
                string store = Path.Combine(work, $"store{r}");
                var watch = Stopwatch.StartNew();
                var result = new ActivationHarvester(model, identity, tokenizer, "bytelevel-bpe", new PlainTemplate()).Run(new HarvestOptions
                {
                    Corpus = [corpus], Hooks = [hook], Output = store, Context = context, BatchSize = batch, DType = dtype, MaxTokens = tokens,
                });
                double seconds = watch.Elapsed.TotalSeconds;
                double h = result.Manifest.Tokens / seconds;
                // The share of the harvest spent outside the model's forward passes, measured within one
                // run and so immune to the machine's load changing between runs.
                double o = 1 - result.ForwardTime.TotalSeconds / seconds;
                Directory.Delete(store, recursive: true);
                if (r == 0) continue;
                bare.Add(b);
                early.Add(e);
                harvest.Add(h);
                outside.Add(o);
                peak = PeakMemory.Bytes();
                Console.WriteLine($"round {r}: bare forward {b:F0} tokens/s, forward to {hook} {e:F0} tokens/s, harvest {h:F0} tokens/s ({o:P1} of it outside the forward pass)");
            }

            double bareM = Stats.Median(bare), earlyM = Stats.Median(early), harvestM = Stats.Median(harvest), outsideM = Stats.Median(outside);
            Console.WriteLine($"tokenize + window + batch alone: {tokenizeRate:F0} tokens/s; batches are {fill:P1} real tokens, the rest is padding of documents' last windows");
            Console.WriteLine($"median: harvest {harvestM:F0} tokens/s = {harvestM / bareM:P1} of the bare forward pass ({bareM:F0}), {harvestM / earlyM:P1} of the forward pass to the hook ({earlyM:F0}); {outsideM:P1} of the harvest's time outside the forward pass; peak RSS {PeakMemory.MiB(peak)}");
            Console.WriteLine($"fastest runs: harvest {harvest.Max():F0}, bare forward {bare.Max():F0}, forward to the hook {early.Max():F0} tokens/s");
            Console.WriteLine(JsonSerializer.Serialize(new
            {
                benchmark = "harvest",
                model = identity.Id,
                tokens,
                context,
                batch,
                hook,
                dtype = dtype.Name(),
                bare_forward_tokens_per_s = Math.Round(bareM),
                hook_forward_tokens_per_s = Math.Round(earlyM),
                harvest_tokens_per_s = Math.Round(harvestM),
                harvest_vs_bare = Math.Round(harvestM / bareM, 3),
                harvest_vs_hook_forward = Math.Round(harvestM / earlyM, 3),
                harvest_time_outside_forward = Math.Round(outsideM, 4),
                fastest = new { harvest = Math.Round(harvest.Max()), bare = Math.Round(bare.Max()), hook_forward = Math.Round(early.Max()) },
                tokenize_tokens_per_s = Math.Round(tokenizeRate),
                batch_fill = Math.Round(fill, 4),
                peak_rss_bytes = peak,
            }));
            return 0;
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    internal static CausalLm Gpt2Small()
    {
        const string gpt2Small = """
            {"model_type":"gpt2","vocab_size":50257,"n_positions":1024,"n_embd":768,"n_layer":12,"n_head":12,
             "n_inner":null,"activation_function":"gelu_new","layer_norm_epsilon":1e-5,"tie_word_embeddings":true}
            """;
        using var configDoc = JsonDocument.Parse(gpt2Small);
        return ModelLoader.Create(TransformerConfigParser.Parse(configDoc.RootElement, "gpt2-small (benchmark)"), new RandomWeightSource(seed: 0));
    }

    /// <summary>Tokens per second of [batch, context] random ids through the model: whole (hook null) or up to the hook.</summary>
    static double ForwardRate(ICausalLm model, int batch, int context, string? hook)
    {
        using var ids = randint(0, 420, [batch, context], dtype: ScalarType.Int64, generator: new Generator(1));
        using var hooks = hook is null ? null : new HookSet().Record(hook).StopAfterLastHook();
        var watch = Stopwatch.StartNew();
        model.Forward(ids, hooks)?.Dispose();
        double rate = batch * context / watch.Elapsed.TotalSeconds;
        hooks?.ClearRecorded();
        return rate;
    }

    /// <summary>Tokens per second of reading, tokenizing, windowing and batching alone, and the batches' fill: real tokens / (windows × padded length).</summary>
    static (double Rate, double Fill) TokenizeOnly(string corpus, ITextTokenizer tokenizer, int context, int batch, long maxTokens)
    {
        var summaries = CorpusScanner.Scan([corpus]);
        var batcher = new WindowBatcher(new CorpusReader([corpus]), summaries, new DocumentTokenizer(tokenizer, new PlainTemplate()),
            ShardRange.Whole(summaries[0].Records), context, batch, 256);
        var watch = Stopwatch.StartNew();
        long all = 0, harvested = 0, computed = 0;
        foreach (var b in batcher.Batches(HarvestCursor.At(0), 0))
        {
            if (harvested < maxTokens)
            {
                // The batches the harvest runs: it stops inside the one that reaches maxTokens.
                harvested += b.Tokens;
                computed += (long)b.Windows.Count * b.SequenceLength;
            }
            all += b.Tokens;
        }
        return (all / watch.Elapsed.TotalSeconds, (double)harvested / computed);
    }

    /// <summary>A path under ../shared/fixtures/reference, found above the benchmark binary or the current directory.</summary>
    internal static string FindFixture(params string[] parts)
    {
        foreach (var start in new[] { AppContext.BaseDirectory, Environment.CurrentDirectory })
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
                if (File.Exists(Path.Combine(dir.FullName, "ShoggothLens.sln")))
                    return Path.Combine([dir.FullName, "..", "shared", "fixtures", "reference", .. parts]);
        throw new DirectoryNotFoundException("no ShoggothLens.sln above the benchmark or the current directory; run it from the repository");
    }
}
