namespace ShoggothLens.Models.Hooks;

/// <summary>What a hook point sees, in the order a block computes them.</summary>
public enum HookPointKind
{
    /// <summary><c>blocks.{L}.hook_resid_pre</c>: the residual stream entering block L.</summary>
    ResidPre = 0,
    /// <summary><c>blocks.{L}.hook_attn_out</c>: what attention adds to the residual stream (Gemma 2: after its post-attention norm).</summary>
    AttnOut = 1,
    /// <summary><c>blocks.{L}.hook_resid_mid</c>: residual after attention, before the MLP (not for a parallel residual).</summary>
    ResidMid = 2,
    /// <summary><c>blocks.{L}.hook_mlp_out</c>: what the MLP adds to the residual stream (Gemma 2: after its post-feedforward norm).</summary>
    MlpOut = 3,
    /// <summary><c>blocks.{L}.hook_resid_post</c>: the residual stream leaving block L.</summary>
    ResidPost = 4,
    /// <summary><c>ln_final.hook_normalized</c>: the final norm's output, the unembedding's input.</summary>
    FinalNormalized = 5,
}
