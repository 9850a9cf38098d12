using System.Diagnostics;
using System.Text.Json;
using ShoggothLens.Core.ActivationStore;
using ShoggothLens.Models.ChatTemplates;
using ShoggothLens.Models.Harvest;
using ShoggothLens.Models.Tokenization;
using ShoggothLens.Models.Transformers;
using ShoggothLens.Models.Transformers.Config;
using ShoggothLens.Models.Transformers.Weights;

namespace ShoggothLens.Benchmarks;

/// <summary>
/// <c>harvest-fill</c>: the full harvest pipeline (corpus, tokenizer, windows, batches, forward,
/// chunk writer) with the model's cost taken out, to make large stores quickly and to measure the
/// pipeline's own memory: a GPT-2-style model of d_model 1024 harvested at
/// <c>blocks.0.hook_resid_pre</c>, where the forward pass stops right after the embedding.
/// Prints one JSON line (tokens, seconds, store bytes, peak RSS).
/// </summary>
static class EmbeddingOnlyHarvest
{
    public static int Run(string[] argv)
    {
        var args = new BenchmarkArgs(argv);
        double gib = args.Double("--gib", 0.5);
        string output = args.String("--out", "");
        int dModel = args.Int("--d-model", 1024);
        string dtype = args.String("--dtype", "f32");
        args.CheckAllUsed();
        if (output.Length == 0) throw new ArgumentException("--out STORE is required");

        using var model = Create(dModel);
        var tokenizer = TokenizerLoader.Load(HarvestBenchmark.FindFixture("tokenizers", "bytelevel-bpe"));
        var type = ActivationDTypes.Parse(dtype);
        long tokens = (long)(gib * (1L << 30) / (dModel * type.Size()));
        string corpus = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(output))!, Path.GetFileName(output) + ".corpus.jsonl");
        Stories.Write(corpus, tokenizer, tokens, 128);

        var watch = Stopwatch.StartNew();
        var result = new ActivationHarvester(model, new ModelIdentity("embedding-only-1024", "seed-0"), tokenizer, "bytelevel-bpe", new PlainTemplate())
            .Run(new HarvestOptions
            {
                Corpus = [corpus], Hooks = ["blocks.0.hook_resid_pre"], Output = output, Context = 128, BatchSize = 64,
                DType = type, MaxTokens = tokens,
            });
        double seconds = watch.Elapsed.TotalSeconds;
        File.Delete(corpus);
        long bytes = Directory.EnumerateFiles(output, "*", SearchOption.AllDirectories).Sum(f => new FileInfo(f).Length);
        Console.WriteLine(JsonSerializer.Serialize(new
        {
            benchmark = "harvest-fill",
            tokens = result.Manifest.Tokens,
            chunks = result.Manifest.Chunks.Count,
            store_bytes = bytes,
            seconds = Math.Round(seconds, 2),
            tokens_per_s = Math.Round(result.Manifest.Tokens / seconds),
            peak_rss_bytes = PeakMemory.Bytes(),
        }));
        return 0;
    }

    static CausalLm Create(int dModel)
    {
        string json = $$"""
            {"model_type":"gpt2","vocab_size":1000,"n_positions":1024,"n_embd":{{dModel}},"n_layer":1,"n_head":8,
             "n_inner":null,"activation_function":"gelu_new","layer_norm_epsilon":1e-5,"tie_word_embeddings":true}
            """;
        using var config = JsonDocument.Parse(json);
        return ModelLoader.Create(TransformerConfigParser.Parse(config.RootElement, "embedding-only (benchmark)"), new RandomWeightSource(seed: 0));
    }
}
