namespace ShoggothLens.Models.Transformers.Config;

/// <summary>
/// The fields Llama, Mistral, Qwen2 and Gemma 2 spell alike (<c>hidden_size</c>,
/// <c>num_hidden_layers</c>, <c>num_attention_heads</c>, <c>num_key_value_heads</c>,
/// <c>intermediate_size</c>, <c>rms_norm_eps</c>, the RoPE fields), read in one place for both
/// parsers; each parser then sets its family's own fields with <c>with</c>.
/// </summary>
internal readonly record struct LlamaStyleShape(int DModel, int Layers, int Heads)
{
    public static LlamaStyleShape Read(ConfigJson json) =>
        new(json.RequiredSize("hidden_size"), json.RequiredSize("num_hidden_layers"), json.RequiredSize("num_attention_heads"));

    /// <summary>The shared part of the config; attention scale 1/√head_dim unless the family says otherwise.</summary>
    public TransformerConfig Config(ConfigJson json, ModelFamily family, int headDim, int defaultMaxPositions,
        ActivationFunction activation, bool defaultTiedEmbeddings) => new()
    {
        Family = family,
        VocabSize = json.RequiredSize("vocab_size"),
        DModel = DModel,
        NLayers = Layers,
        NHeads = Heads,
        NKvHeads = json.OptionalSize("num_key_value_heads") ?? Heads,
        HeadDim = headDim,
        DMlp = json.RequiredSize("intermediate_size"),
        MaxPositions = json.OptionalSize("max_position_embeddings") ?? defaultMaxPositions,
        NormEps = json.OptionalPositive("rms_norm_eps", 1e-6),
        Activation = activation,
        Rope = RopeConfigParser.Parse(json, headDim),
        TiedEmbeddings = json.OptionalBool("tie_word_embeddings", defaultTiedEmbeddings),
        AttentionScale = 1.0 / Math.Sqrt(headDim),
    };

    /// <summary>Mistral's and Gemma 2's <c>sliding_window</c>: 4096 when absent, none when an explicit null.</summary>
    public static int? SlidingWindowOr4096(ConfigJson json) =>
        json.Root.TryGetProperty("sliding_window", out _) ? json.OptionalSize("sliding_window") : 4096;
}
