namespace ShoggothLens.Sae.Architectures;

/// <summary>The on-disk layouts an SAE can come from.</summary>
public enum SaeLayout
{
    /// <summary><c>cfg.json</c> + <c>sae_weights.safetensors</c> (W_enc [d_in, d_sae], W_dec [d_sae, d_in], b_enc, b_dec, threshold).</summary>
    SaeLens,
    /// <summary>EleutherAI sparsify: <c>cfg.json</c> + <c>sae.safetensors</c> (encoder.weight [d_sae, d_in], encoder.bias, W_dec, b_dec).</summary>
    Sparsify,
    /// <summary>Gemma Scope <c>params.npz</c> (W_enc, W_dec, b_enc, b_dec, threshold; b_dec not subtracted from the input).</summary>
    GemmaScope,
}
