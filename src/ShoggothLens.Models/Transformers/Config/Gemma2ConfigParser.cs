namespace ShoggothLens.Models.Transformers.Config;

/// <summary>
/// Gemma 2: Llama-style names plus <c>head_dim</c> (default 256), <c>query_pre_attn_scalar</c>,
/// <c>attn_logit_softcapping</c>, <c>final_logit_softcapping</c>, <c>sliding_window</c> and
/// <c>layer_types</c> (absent: even layers slide).
/// </summary>
internal static class Gemma2ConfigParser
{
    public static TransformerConfig Parse(ConfigJson json)
    {
        int d = json.RequiredSize("hidden_size");
        int layers = json.RequiredSize("num_hidden_layers");
        int heads = json.RequiredSize("num_attention_heads");
        int headDim = json.OptionalSize("head_dim") ?? 256;
        double queryScalar = json.OptionalPositive("query_pre_attn_scalar", 256);
        var sliding = json.LayerTypes(layers) ?? Enumerable.Range(0, layers).Select(i => i % 2 == 0).ToArray();
        int? window = json.Root.TryGetProperty("sliding_window", out _) ? json.OptionalSize("sliding_window") : 4096;
        string activationField = json.Has("hidden_activation") ? "hidden_activation" : "hidden_act";
        return new TransformerConfig
        {
            Family = ModelFamily.Gemma2,
            VocabSize = json.RequiredSize("vocab_size"),
            DModel = d,
            NLayers = layers,
            NHeads = heads,
            NKvHeads = json.OptionalSize("num_key_value_heads") ?? heads,
            HeadDim = headDim,
            DMlp = json.RequiredSize("intermediate_size"),
            MaxPositions = json.OptionalSize("max_position_embeddings") ?? 8192,
            NormEps = json.OptionalPositive("rms_norm_eps", 1e-6),
            Activation = json.Activation(activationField, "gelu_pytorch_tanh"),
            Rope = RopeConfigParser.Parse(json, headDim),
            QkvBias = json.OptionalBool("attention_bias", false),
            OutputBias = json.OptionalBool("attention_bias", false),
            SlidingWindow = window,
            SlidingLayers = window is null ? [] : sliding,
            TiedEmbeddings = json.OptionalBool("tie_word_embeddings", true),
            AttentionScale = 1.0 / Math.Sqrt(queryScalar),
            AttentionLogitSoftcap = SoftCap(json, "attn_logit_softcapping", 50.0),
            FinalLogitSoftcap = SoftCap(json, "final_logit_softcapping", 30.0),
            ScaleEmbeddings = true,
        };
    }

    /// <summary>A soft cap: the HF default when the field is absent, none when it is null.</summary>
    static double? SoftCap(ConfigJson json, string field, double fallback) =>
        json.Root.TryGetProperty(field, out _) ? json.OptionalPositive(json.Root, field, field) : fallback;
}
