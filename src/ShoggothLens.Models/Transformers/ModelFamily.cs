namespace ShoggothLens.Models.Transformers;

/// <summary>The Hugging Face <c>model_type</c> values the runtime implements.</summary>
public enum ModelFamily
{
    /// <summary><c>gpt2</c>: learned positions, LayerNorm, Conv1D weights, tied head.</summary>
    Gpt2,
    /// <summary><c>llama</c>: RMSNorm, RoPE, grouped-query attention, SwiGLU.</summary>
    Llama,
    /// <summary><c>mistral</c>: Llama with a sliding attention window.</summary>
    Mistral,
    /// <summary><c>qwen2</c>: Llama with q/k/v biases.</summary>
    Qwen2,
    /// <summary><c>gemma2</c>: (1+w) RMSNorm, sandwich norms, GeGLU, logit soft-capping.</summary>
    Gemma2,
    /// <summary><c>gpt_neox</c> (Pythia): fused QKV, partial rotary, parallel residual.</summary>
    GptNeoX,
}

public static class ModelFamilies
{
    /// <summary>The <c>model_type</c> strings, in the order error messages list them.</summary>
    public static IReadOnlyList<string> SupportedModelTypes { get; } = ["gpt2", "llama", "mistral", "qwen2", "gemma2", "gpt_neox"];

    public static string ModelType(this ModelFamily family) => family switch
    {
        ModelFamily.Gpt2 => "gpt2",
        ModelFamily.Llama => "llama",
        ModelFamily.Mistral => "mistral",
        ModelFamily.Qwen2 => "qwen2",
        ModelFamily.Gemma2 => "gemma2",
        ModelFamily.GptNeoX => "gpt_neox",
        _ => throw new ArgumentOutOfRangeException(nameof(family)),
    };

    public static bool TryParse(string modelType, out ModelFamily family)
    {
        foreach (var f in Enum.GetValues<ModelFamily>())
        {
            if (f.ModelType() == modelType)
            {
                family = f;
                return true;
            }
        }
        family = default;
        return false;
    }
}
