namespace ShoggothLens.Models.Transformers.Config;

/// <summary>GPT-2 spelling: <c>n_embd</c>, <c>n_layer</c>, <c>n_head</c>, <c>n_inner</c> (null → 4·d).</summary>
internal static class Gpt2ConfigParser
{
    public static TransformerConfig Parse(ConfigJson json)
    {
        int d = json.RequiredSize("n_embd");
        int heads = json.RequiredSize("n_head");
        if (d % heads != 0) throw json.Error($"n_embd {d} is not divisible by n_head {heads}");
        bool scale = json.OptionalBool("scale_attn_weights", true);
        return new TransformerConfig
        {
            Family = ModelFamily.Gpt2,
            VocabSize = json.RequiredSize("vocab_size"),
            DModel = d,
            NLayers = json.RequiredSize("n_layer"),
            NHeads = heads,
            NKvHeads = heads,
            HeadDim = d / heads,
            DMlp = json.OptionalSize("n_inner") ?? checked(4 * d),
            MaxPositions = json.OptionalSize("n_positions") ?? 1024,
            NormEps = json.OptionalPositive("layer_norm_epsilon", 1e-5),
            Activation = json.Activation("activation_function", "gelu_new"),
            QkvBias = true,
            OutputBias = true,
            MlpBias = true,
            TiedEmbeddings = json.OptionalBool("tie_word_embeddings", true),
            AttentionScale = scale ? 1.0 / Math.Sqrt(d / heads) : 1.0,
            ScaleAttentionByInverseLayer = json.OptionalBool("scale_attn_by_inverse_layer_idx", false),
        };
    }
}
