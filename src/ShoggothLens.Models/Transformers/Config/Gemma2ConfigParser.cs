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
        var shape = LlamaStyleShape.Read(json);
        int headDim = json.OptionalSize("head_dim") ?? 256;
        double queryScalar = json.OptionalPositive("query_pre_attn_scalar", 256);
        var sliding = json.LayerTypes(shape.Layers) ?? Enumerable.Range(0, shape.Layers).Select(i => i % 2 == 0).ToArray();
        int? window = LlamaStyleShape.SlidingWindowOr4096(json);
        string activationField = json.Has("hidden_activation") ? "hidden_activation" : "hidden_act";
        bool attentionBias = json.OptionalBool("attention_bias", false);
        return shape.Config(json, ModelFamily.Gemma2, headDim, defaultMaxPositions: 8192,
            json.Activation(activationField, "gelu_pytorch_tanh"), defaultTiedEmbeddings: true) with
        {
            QkvBias = attentionBias,
            OutputBias = attentionBias,
            SlidingWindow = window,
            SlidingLayers = window is null ? [] : sliding,
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
