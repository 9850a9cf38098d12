namespace ShoggothLens.Models.Transformers.Config;

/// <summary>
/// Llama, Mistral and Qwen2, which share one spelling (<c>hidden_size</c>, <c>num_hidden_layers</c>,
/// <c>num_attention_heads</c>, <c>num_key_value_heads</c>, <c>intermediate_size</c>).
/// </summary>
internal static class LlamaConfigParser
{
    public static TransformerConfig Parse(ConfigJson json, ModelFamily family)
    {
        int d = json.RequiredSize("hidden_size");
        int layers = json.RequiredSize("num_hidden_layers");
        int heads = json.RequiredSize("num_attention_heads");
        int headDim = TransformerConfigParser.HeadDim(json, d, heads);
        bool attentionBias = json.OptionalBool("attention_bias", false);
        var (window, slidingLayers) = SlidingWindow(json, family, layers);
        return new TransformerConfig
        {
            Family = family,
            VocabSize = json.RequiredSize("vocab_size"),
            DModel = d,
            NLayers = layers,
            NHeads = heads,
            NKvHeads = json.OptionalSize("num_key_value_heads") ?? heads,
            HeadDim = headDim,
            DMlp = json.RequiredSize("intermediate_size"),
            MaxPositions = json.OptionalSize("max_position_embeddings") ?? 2048,
            NormEps = json.OptionalPositive("rms_norm_eps", 1e-6),
            Activation = json.Activation("hidden_act", "silu"),
            Rope = RopeConfigParser.Parse(json, headDim),
            QkvBias = family == ModelFamily.Qwen2 || attentionBias,
            OutputBias = family != ModelFamily.Qwen2 && attentionBias,
            MlpBias = json.OptionalBool("mlp_bias", false),
            SlidingWindow = window,
            SlidingLayers = slidingLayers,
            TiedEmbeddings = json.OptionalBool("tie_word_embeddings", false),
            AttentionScale = 1.0 / Math.Sqrt(headDim),
        };
    }

    static (int? Window, IReadOnlyList<bool> Layers) SlidingWindow(ConfigJson json, ModelFamily family, int layers)
    {
        var layerTypes = json.LayerTypes(layers);
        switch (family)
        {
            case ModelFamily.Mistral:
            {
                // MistralConfig's default window is 4096; an explicit null turns it off.
                int? window = json.Root.TryGetProperty("sliding_window", out _) ? json.OptionalSize("sliding_window") : 4096;
                return window is null ? (null, []) : (window, layerTypes ?? Enumerable.Repeat(true, layers).ToArray());
            }
            case ModelFamily.Qwen2:
            {
                if (!json.OptionalBool("use_sliding_window", false)) return (null, []);
                int window = json.OptionalSize("sliding_window") ?? 4096;
                int maxWindowLayers = json.OptionalSize("max_window_layers") ?? 28;
                return (window, layerTypes ?? Enumerable.Range(0, layers).Select(i => i >= maxWindowLayers).ToArray());
            }
            default:
            {
                if (layerTypes is null || !layerTypes.Contains(true)) return (null, []);
                int window = json.OptionalSize("sliding_window")
                    ?? throw json.Error("layer_types names sliding_attention layers, but 'sliding_window' is missing");
                return (window, layerTypes);
            }
        }
    }
}
