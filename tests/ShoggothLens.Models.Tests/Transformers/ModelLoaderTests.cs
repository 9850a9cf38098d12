using ShoggothLens.Core.Formats;
using ShoggothLens.Models.Tests.Fixtures;
using ShoggothLens.Models.Transformers;
using ShoggothLens.Models.Transformers.Weights;
using static TorchSharp.torch;

namespace ShoggothLens.Models.Tests.Transformers;

public class ModelLoaderTests
{
    sealed class ListProgress : IProgress<ModelLoadProgress>
    {
        public List<ModelLoadProgress> Reports { get; } = [];
        public void Report(ModelLoadProgress value) => Reports.Add(value);
    }

    [Fact]
    public void LoadingReportsEachTensor()
    {
        var progress = new ListProgress();
        using var model = ModelLoader.Load(ReferenceFixtures.Model("qwen2"), progress);
        Assert.Equal(model.NamedParameters.Count, progress.Reports.Count);
        Assert.Equal(Enumerable.Range(1, progress.Reports.Count), progress.Reports.Select(r => r.Loaded));
        Assert.All(progress.Reports, r => Assert.Equal(progress.Reports.Count, r.InCheckpoint));
        Assert.Equal(model.NamedParameters[^1].Name, progress.Reports[^1].LastTensor);
    }

    [Fact]
    public void LoadingCanBeCancelled()
    {
        using var cts = new CancellationTokenSource();
        cts.Cancel();
        Assert.Throws<OperationCanceledException>(() => ModelLoader.Load(ReferenceFixtures.Model("gpt2"), cancellationToken: cts.Token));
    }

    [Fact]
    public void MissingDirectoriesConfigsAndWeightsAreNamed()
    {
        using var dir = new TempDirectory();
        string missing = Path.Combine(dir.Path, "nope");
        Assert.Equal(missing, Assert.Throws<InvalidInputFileException>(() => ModelLoader.Load(missing)).FilePath);
        Assert.Equal(dir.File("config.json"), Assert.Throws<InvalidInputFileException>(() => ModelLoader.Load(dir.Path)).FilePath);

        // A bad config is reported even though the weights are missing too.
        dir.Write("config.json", """{"model_type":"bert"}""");
        Assert.StartsWith("unknown model_type 'bert'", Assert.Throws<InvalidInputFileException>(() => ModelLoader.Load(dir.Path)).Problem);

        File.Copy(Path.Combine(ReferenceFixtures.Model("gpt2"), "config.json"), dir.File("config.json"), overwrite: true);
        Assert.Contains("model.safetensors", Assert.Throws<InvalidInputFileException>(() => ModelLoader.Load(dir.Path)).Problem);
    }

    [Fact]
    public void ATensorMissingFromTheCheckpointIsNamed()
    {
        using var dir = new TempDirectory();
        File.Copy(Path.Combine(ReferenceFixtures.Model("llama"), "model.safetensors"), dir.File("model.safetensors"));
        // llama's head is untied and stored; claiming qkv biases asks for tensors that are not there.
        var config = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(Path.Combine(ReferenceFixtures.Model("llama"), "config.json")))!;
        config["attention_bias"] = true;
        dir.Write("config.json", config.ToJsonString());
        var error = Assert.Throws<InvalidInputFileException>(() => ModelLoader.Load(dir.Path));
        Assert.Equal("missing tensor 'model.layers.0.self_attn.q_proj.bias' (expected shape [64])", error.Problem);
    }

    public static TheoryData<string> FreshConfigs => new(
        """{"model_type":"gpt2","vocab_size":50,"n_embd":16,"n_layer":3,"n_head":2,"n_positions":32}""",
        """{"model_type":"llama","vocab_size":50,"hidden_size":16,"num_hidden_layers":3,"num_attention_heads":4,"num_key_value_heads":1,"intermediate_size":24}""",
        """{"model_type":"mistral","vocab_size":50,"hidden_size":16,"num_hidden_layers":3,"num_attention_heads":4,"intermediate_size":24,"sliding_window":3}""",
        """{"model_type":"qwen2","vocab_size":50,"hidden_size":16,"num_hidden_layers":3,"num_attention_heads":2,"intermediate_size":24,"tie_word_embeddings":true}""",
        """{"model_type":"gemma2","vocab_size":50,"hidden_size":16,"num_hidden_layers":3,"num_attention_heads":2,"head_dim":8,"intermediate_size":24,"sliding_window":3,"query_pre_attn_scalar":8}""",
        """{"model_type":"gpt_neox","vocab_size":50,"hidden_size":16,"num_hidden_layers":3,"num_attention_heads":2,"intermediate_size":24,"use_parallel_residual":false}""");

    /// <summary>A trainer builds a fresh model from a config and an initializer; shapes come from the config.</summary>
    [Theory]
    [MemberData(nameof(FreshConfigs))]
    public void ModelsCanBeBuiltFromAConfigAndAnInitializer(string json)
    {
        var config = TestConfigs.Parse(json);
        using var model = ModelLoader.Create(config, new RandomWeightSource(seed: 9));
        Assert.Equal(config.NLayers * (config.HasResidMid ? 5 : 4) + 1, model.HookPointNames.Count);
        using var ids = tensor(new long[] { 1, 2, 3, 4, 5, 6, 7, 8 }, [1, 8]);
        using var logits = model.Forward(ids)!;
        Assert.Equal([1L, 8, 50], logits.shape);
        Assert.False(logits.isnan().any().item<bool>());
        Assert.Equal(model.NamedParameters.Sum(p => p.Parameter.numel()), model.ParameterCount);
        Assert.Equal(model.Generate([1, 2, 3], 6, stopTokenIds: []), model.Generate([1, 2, 3], 6, stopTokenIds: []));
    }

    /// <summary>
    /// Hub checkpoints of the bare models (GPT2Model, LlamaModel, GPTNeoXModel) store names without the
    /// "transformer." / "model." / "gpt_neox." prefix, and often extra buffers: both load the same.
    /// </summary>
    [Theory]
    [InlineData("gpt2", "transformer.")]
    [InlineData("gpt_neox", "gpt_neox.")]
    [InlineData("gemma2", "model.")]
    public void CheckpointsWithoutTheBaseModelPrefixLoadTheSame(string arch, string prefix)
    {
        using var dir = new TempDirectory();
        string source = ReferenceFixtures.Model(arch);
        File.Copy(Path.Combine(source, "config.json"), dir.File("config.json"));
        using (var file = ShoggothLens.Core.Safetensors.SafetensorsFile.Open(Path.Combine(source, "model.safetensors")))
        {
            var tensors = file.Tensors.Values.Select(info => ShoggothLens.Core.Safetensors.SafetensorsTensor.Float32(
                info.Name.StartsWith(prefix, StringComparison.Ordinal) ? info.Name[prefix.Length..] : info.Name, info.Shape, file.ReadFloat32(info.Name)))
                .Append(ShoggothLens.Core.Safetensors.SafetensorsTensor.Float32("h.0.attn.masked_bias", [], [-1e4f]));
            ShoggothLens.Core.Safetensors.SafetensorsWriter.Write(dir.File("model.safetensors"), tensors);
        }
        using var model = ModelLoader.Load(dir.Path);
        using var reference = ModelLoader.Load(source);
        using var ids = tensor(new long[] { 5, 50, 500, 999 }, [1, 4]);
        using var a = model.Forward(ids)!;
        using var b = reference.Forward(ids)!;
        TensorAssert.Close(b, a, 0, $"{arch} without '{prefix}'");
    }
}
