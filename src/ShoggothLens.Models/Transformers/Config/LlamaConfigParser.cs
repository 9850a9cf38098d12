namespace ShoggothLens.Models.Transformers.Config;

/// <summary>
/// Llama, Mistral and Qwen2, which share one spelling (<c>hidden_size</c>, <c>num_hidden_layers</c>,
/// <c>num_attention_heads</c>, <c>num_key_value_heads</c>, <c>intermediate_size</c>).
/// </summary>
internal static class LlamaConfigParser
{
    public static TransformerConfig Parse(ConfigJson json, ModelFamily family)
    {
        var shape = LlamaStyleShape.Read(json);
        int headDim = TransformerConfigParser.HeadDim(json, shape.DModel, shape.Heads);
        bool attentionBias = json.OptionalBool("attention_bias", false);
        var (window, slidingLayers) = SlidingWindow(json, family, shape.Layers);
        return shape.Config(json, family, headDim, defaultMaxPositions: 2048,
            json.Activation("hidden_act", "silu"), defaultTiedEmbeddings: false) with
        {
            QkvBias = family == ModelFamily.Qwen2 || attentionBias,
            OutputBias = family != ModelFamily.Qwen2 && attentionBias,
            MlpBias = json.OptionalBool("mlp_bias", false),
            SlidingWindow = window,
            SlidingLayers = slidingLayers,
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
                int? window = LlamaStyleShape.SlidingWindowOr4096(json);
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
