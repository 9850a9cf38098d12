namespace ShoggothLens.Models.Transformers.Config;

/// <summary>
/// GPT-NeoX / Pythia: partial rotary (<c>rotary_pct</c> or <c>partial_rotary_factor</c>, default 0.25),
/// <c>use_parallel_residual</c> (default true), <c>layer_norm_eps</c>, untied <c>embed_out</c>.
/// </summary>
internal static class GptNeoXConfigParser
{
    public static TransformerConfig Parse(ConfigJson json)
    {
        int d = json.RequiredSize("hidden_size");
        int heads = json.RequiredSize("num_attention_heads");
        if (d % heads != 0) throw json.Error($"hidden_size {d} is not divisible by num_attention_heads {heads}");
        int headDim = d / heads;
        bool bias = json.OptionalBool("attention_bias", true);
        return new TransformerConfig
        {
            Family = ModelFamily.GptNeoX,
            VocabSize = json.RequiredSize("vocab_size"),
            DModel = d,
            NLayers = json.RequiredSize("num_hidden_layers"),
            NHeads = heads,
            NKvHeads = heads,
            HeadDim = headDim,
            DMlp = json.RequiredSize("intermediate_size"),
            MaxPositions = json.OptionalSize("max_position_embeddings") ?? 2048,
            NormEps = json.OptionalPositive("layer_norm_eps", 1e-5),
            Activation = json.Activation("hidden_act", "gelu"),
            Rope = RopeConfigParser.Parse(json, headDim, defaultPartial: 0.25),
            QkvBias = bias,
            OutputBias = bias,
            MlpBias = true,
            TiedEmbeddings = json.OptionalBool("tie_word_embeddings", false),
            AttentionScale = 1.0 / Math.Sqrt(headDim),
            ParallelResidual = json.OptionalBool("use_parallel_residual", true),
        };
    }
}
