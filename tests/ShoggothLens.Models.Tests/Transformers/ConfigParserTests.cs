using System.Text.Json;
using System.Text.Json.Nodes;
using ShoggothLens.Core.Formats;
using ShoggothLens.Models.Tests.Fixtures;
using ShoggothLens.Models.Transformers;
using ShoggothLens.Models.Transformers.Config;

namespace ShoggothLens.Models.Tests.Transformers;

public class ConfigParserTests
{
    static JsonObject FixtureConfig(string arch) =>
        JsonNode.Parse(File.ReadAllText(Path.Combine(ReferenceFixtures.Model(arch), "config.json")))!.AsObject();

    static TransformerConfig Parse(JsonObject config, string path = "/models/x/config.json")
    {
        using var doc = JsonDocument.Parse(config.ToJsonString());
        return TransformerConfigParser.Parse(doc.RootElement, path);
    }

    static InvalidInputFileException ParseFails(JsonObject config) =>
        Assert.Throws<InvalidInputFileException>(() => Parse(config));

    static JsonObject Llama(Action<JsonObject>? edit = null)
    {
        var c = FixtureConfig("llama");
        edit?.Invoke(c);
        return c;
    }

    [Fact]
    public void AMissingRequiredFieldIsNamedWithTheFile()
    {
        using var dir = new TempDirectory();
        var config = FixtureConfig("llama");
        config.Remove("hidden_size");
        string path = dir.Write("config.json", config.ToJsonString());

        var error = Assert.Throws<InvalidInputFileException>(() => TransformerConfigParser.ParseFile(path));
        Assert.Equal(path, error.FilePath);
        Assert.Equal("missing field 'hidden_size'", error.Problem);
    }

    [Theory]
    [InlineData("gpt2", "n_embd")]
    [InlineData("gpt2", "n_layer")]
    [InlineData("llama", "num_attention_heads")]
    [InlineData("qwen2", "intermediate_size")]
    [InlineData("gemma2", "num_hidden_layers")]
    [InlineData("gpt_neox", "vocab_size")]
    [InlineData("llama", "model_type")]
    public void EachFamilyRequiresItsShapeFields(string arch, string field)
    {
        var config = FixtureConfig(arch);
        config.Remove(field);
        Assert.Equal($"missing field '{field}'", ParseFails(config).Problem);
    }

    [Fact]
    public void AnUnknownModelTypeListsTheSupportedOnes()
    {
        var config = Llama(c => c["model_type"] = "xyz");
        Assert.Equal("unknown model_type 'xyz' (supported: gpt2, llama, mistral, qwen2, gemma2, gpt_neox)", ParseFails(config).Problem);
    }

    [Fact]
    public void ConfigErrorsSurfaceThroughModelLoaderBeforeAnyWeightIsRead()
    {
        using var dir = new TempDirectory();
        File.Copy(Path.Combine(ReferenceFixtures.Model("llama"), "model.safetensors"), dir.File("model.safetensors"));
        dir.Write("config.json", Llama(c => c["model_type"] = "xyz").ToJsonString());
        var error = Assert.Throws<InvalidInputFileException>(() => ModelLoader.Load(dir.Path));
        Assert.Equal(dir.File("config.json"), error.FilePath);
        Assert.StartsWith("unknown model_type 'xyz'", error.Problem);

        dir.Write("config.json", Llama(c => c.Remove("num_hidden_layers")).ToJsonString());
        Assert.Equal("missing field 'num_hidden_layers'", Assert.Throws<InvalidInputFileException>(() => ModelLoader.Load(dir.Path)).Problem);
    }

    [Fact]
    public void AConfigThatDisagreesWithTheWeightsNamesTheTensor()
    {
        using var dir = new TempDirectory();
        File.Copy(Path.Combine(ReferenceFixtures.Model("llama"), "model.safetensors"), dir.File("model.safetensors"));
        dir.Write("config.json", Llama(c => c["intermediate_size"] = 128).ToJsonString());
        var error = Assert.Throws<InvalidInputFileException>(() => ModelLoader.Load(dir.Path));
        Assert.Contains("model.layers.0.mlp.gate_proj.weight", error.Problem);
        Assert.Contains("[160, 64]", error.Problem);
        Assert.Contains("[128, 64]", error.Problem);
    }

    [Theory]
    [InlineData("\"sixty-four\"", "field 'hidden_size' must be an integer, got \"sixty-four\"")]
    [InlineData("0", "field 'hidden_size' is 0; expected 1..16777216")]
    [InlineData("-3", "field 'hidden_size' is -3; expected 1..16777216")]
    [InlineData("1e12", "field 'hidden_size' must be an integer, got 1e12")]
    public void WrongTypesAndRangesAreClearErrors(string value, string problem)
    {
        var config = Llama(c => c["hidden_size"] = JsonNode.Parse(value));
        Assert.Equal(problem, ParseFails(config).Problem);
    }

    [Fact]
    public void OldAndNewRopeSpellingsAgree()
    {
        var modern = Parse(FixtureConfig("gpt_neox"));
        var old = FixtureConfig("gpt_neox");
        old.Remove("rope_parameters");
        old["rotary_pct"] = 0.25;
        old["rotary_emb_base"] = 10000;
        Assert.Equal(modern.Rope, Parse(old).Rope);
        Assert.Equal(new RopeSettings(10000, 4), modern.Rope);

        var llamaOld = Llama(c =>
        {
            c.Remove("rope_parameters");
            c["rope_theta"] = 500000.0;
            c["partial_rotary_factor"] = 0.5;
        });
        Assert.Equal(new RopeSettings(500000, 8), Parse(llamaOld).Rope);
        var llamaNew = Llama(c => c["rope_parameters"] = new JsonObject { ["rope_theta"] = 500000.0, ["partial_rotary_factor"] = 0.5, ["rope_type"] = "default" });
        Assert.Equal(new RopeSettings(500000, 8), Parse(llamaNew).Rope);
    }

    [Fact]
    public void DefaultsFollowTheTransformersConfigClasses()
    {
        var gpt2 = Parse(FixtureConfig("gpt2"));
        Assert.Equal(4 * 64, gpt2.DMlp); // n_inner: null
        Assert.Equal(ActivationFunction.GeluTanh, gpt2.Activation);
        Assert.True(gpt2.TiedEmbeddings);

        var noKv = Parse(Llama(c => { c.Remove("num_key_value_heads"); c.Remove("head_dim"); }));
        Assert.Equal((4, 16), (noKv.NKvHeads, noKv.HeadDim));
        var explicitHeadDim = Parse(Llama(c => c["head_dim"] = 32));
        Assert.Equal(32, explicitHeadDim.HeadDim);

        var neox = Parse(FixtureConfig("gpt_neox"));
        Assert.True(neox.ParallelResidual);
        Assert.False(neox.HasResidMid);
        var sequential = FixtureConfig("gpt_neox");
        sequential["use_parallel_residual"] = false;
        Assert.True(Parse(sequential).HasResidMid);
    }

    [Fact]
    public void GemmaSettingsAreRead()
    {
        var gemma = Parse(FixtureConfig("gemma2"));
        Assert.Equal((50.0, 30.0), (gemma.AttentionLogitSoftcap, gemma.FinalLogitSoftcap));
        Assert.Equal(1 / Math.Sqrt(16), gemma.AttentionScale);
        Assert.Equal((8, (int?)null), (gemma.WindowOf(0), gemma.WindowOf(1)));
        Assert.True(gemma.ScaleEmbeddings);

        var noLayerTypes = FixtureConfig("gemma2");
        noLayerTypes.Remove("layer_types");
        noLayerTypes["num_hidden_layers"] = 4;
        Assert.Equal([true, false, true, false], Parse(noLayerTypes).SlidingLayers);

        var uncapped = FixtureConfig("gemma2");
        uncapped["attn_logit_softcapping"] = null;
        Assert.Null(Parse(uncapped).AttentionLogitSoftcap);
    }

    [Fact]
    public void LlamaMistralAndGemma2ReadTheSharedFieldsAlikeWithTheirOwnDefaults()
    {
        static JsonObject Bare(string arch, string? modelType = null)
        {
            var c = FixtureConfig(arch);
            foreach (var field in new[] { "num_key_value_heads", "max_position_embeddings", "rms_norm_eps", "tie_word_embeddings", "sliding_window", "layer_types" })
                c.Remove(field);
            if (modelType is not null) c["model_type"] = modelType;
            return c;
        }
        var llama = Parse(Bare("llama"));
        var mistral = Parse(Bare("llama", "mistral"));
        var gemma = Parse(Bare("gemma2"));

        foreach (var c in new[] { llama, mistral, gemma })
        {
            Assert.Equal((1000, 64, 2, 4, 4, 160), (c.VocabSize, c.DModel, c.NLayers, c.NHeads, c.NKvHeads, c.DMlp));
            Assert.Equal(1e-6, c.NormEps);
        }
        Assert.Equal((2048, false, 1 / Math.Sqrt(16)), (llama.MaxPositions, llama.TiedEmbeddings, llama.AttentionScale));
        Assert.Equal((8192, true), (gemma.MaxPositions, gemma.TiedEmbeddings));
        // An absent sliding_window is 4096 for Mistral and Gemma 2 alike; Llama has none.
        Assert.Equal(((int?)4096, (int?)4096, (int?)null), (mistral.WindowOf(0), gemma.WindowOf(0), llama.WindowOf(0)));
    }

    [Fact]
    public void SlidingWindowsOfMistralAndQwen2()
    {
        var mistral = Parse(Llama(c => { c["model_type"] = "mistral"; c["sliding_window"] = 4; }));
        Assert.Equal(ModelFamily.Mistral, mistral.Family);
        Assert.Equal(((int?)4, (int?)4), (mistral.WindowOf(0), mistral.WindowOf(1)));
        var mistralFull = Parse(Llama(c => { c["model_type"] = "mistral"; c["sliding_window"] = null; }));
        Assert.Null(mistralFull.WindowOf(0));

        Assert.Null(Parse(FixtureConfig("qwen2")).WindowOf(1));
        var qwen = FixtureConfig("qwen2");
        qwen.Remove("layer_types");
        qwen["use_sliding_window"] = true;
        qwen["sliding_window"] = 6;
        qwen["max_window_layers"] = 1;
        var q = Parse(qwen);
        Assert.Equal(((int?)null, (int?)6), (q.WindowOf(0), q.WindowOf(1)));
        Assert.True(q.QkvBias);
        Assert.False(q.OutputBias);
    }

    [Fact]
    public void Llama3RopeScalingSmoothsTheFrequencies()
    {
        var scaling = new JsonObject
        {
            ["rope_type"] = "llama3", ["factor"] = 8.0, ["low_freq_factor"] = 1.0,
            ["high_freq_factor"] = 4.0, ["original_max_position_embeddings"] = 8192,
        };
        var old = Parse(Llama(c =>
        {
            c.Remove("rope_parameters");
            c["rope_theta"] = 500000.0;
            c["head_dim"] = 128;
            c["rope_scaling"] = scaling.DeepClone();
        }));
        var modern = Parse(Llama(c =>
        {
            var p = scaling.DeepClone().AsObject();
            p["rope_theta"] = 500000.0;
            c["rope_parameters"] = p;
            c["head_dim"] = 128;
        }));
        Assert.Equal(old.Rope, modern.Rope);
        var rope = modern.Rope!;
        Assert.Equal(new Llama3RopeScaling(8, 1, 4, 8192), rope.Llama3Scaling);

        var plain = (rope with { Llama3Scaling = null }).InverseFrequencies();
        var scaled = rope.InverseFrequencies();
        for (int i = 0; i < plain.Length; i++)
        {
            double wavelength = 2 * Math.PI / plain[i];
            if (wavelength < 8192 / 4.0) Assert.Equal(plain[i], scaled[i]);            // high frequencies kept
            else if (wavelength > 8192 / 1.0) Assert.Equal(plain[i] / 8, scaled[i], 15); // low frequencies slowed 8×
            else Assert.InRange(scaled[i], plain[i] / 8, plain[i]);                   // smoothed between
        }
        // A value worked by hand: i = 44 has wavelength 2π·500000^(88/128) ≈ 52 015 > 8192.
        Assert.Equal(Math.Pow(500000, -88.0 / 128) / 8, scaled[44], 15);
    }

    [Theory]
    [InlineData("yarn")]
    [InlineData("linear")]
    [InlineData("dynamic")]
    public void OtherRopeScalingTypesAreRefused(string type)
    {
        var config = Llama(c => c["rope_scaling"] = new JsonObject { ["rope_type"] = type, ["factor"] = 2.0 });
        Assert.Equal($"unsupported rope type '{type}' in rope_scaling (supported: default, llama3)", ParseFails(config).Problem);
    }

    [Fact]
    public void UnsupportedActivationsAndLayerTypesAreRefused()
    {
        Assert.Contains("unsupported activation", ParseFails(Llama(c => c["hidden_act"] = "mish")).Problem);
        var gemma = FixtureConfig("gemma2");
        gemma["layer_types"] = new JsonArray("sliding_attention");
        Assert.Contains("lists 1 layers", ParseFails(gemma).Problem);
        Assert.Contains("not a multiple", ParseFails(Llama(c => c["num_key_value_heads"] = 3)).Problem);
    }

    [Fact]
    public void EosTokenIdsMayBeAList()
    {
        Assert.Equal([2L], Parse(FixtureConfig("llama")).EosTokenIds);
        Assert.Equal([128001L, 128009L], Parse(Llama(c => c["eos_token_id"] = new JsonArray(128001, 128009))).EosTokenIds);
        Assert.Empty(Parse(FixtureConfig("qwen2")).EosTokenIds);
    }
}
