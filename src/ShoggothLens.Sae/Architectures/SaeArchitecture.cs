namespace ShoggothLens.Sae.Architectures;

/// <summary>
/// The SAE families ShoggothLens trains and reads, named as SAELens names them.
/// BatchTopK is a training-time rule only: a trained BatchTopK SAE is saved and run as JumpReLU
/// with its learned batch threshold (as SAELens does).
/// </summary>
public enum SaeArchitecture
{
    /// <summary>ReLU encoder, L1 penalty weighted by decoder row norms (SAELens "standard").</summary>
    Standard,
    /// <summary>ReLU of the k largest pre-activations of each token.</summary>
    TopK,
    /// <summary>The k·B largest ReLU pre-activations of a batch of B tokens.</summary>
    BatchTopK,
    /// <summary>pre · [pre &gt; threshold] per latent, trained with a straight-through estimator and an L0 penalty.</summary>
    JumpReLU,
}

public static class SaeArchitectures
{
    /// <summary>Accepts the CLI's and SAELens' names: relu|standard, topk, batchtopk, jumprelu.</summary>
    public static SaeArchitecture Parse(string name) => name.Trim().ToLowerInvariant() switch
    {
        "relu" or "standard" => SaeArchitecture.Standard,
        "topk" => SaeArchitecture.TopK,
        "batchtopk" or "batch_topk" => SaeArchitecture.BatchTopK,
        "jumprelu" => SaeArchitecture.JumpReLU,
        _ => throw new ArgumentException($"unknown SAE architecture '{name}' (expected topk, batchtopk, jumprelu or relu)"),
    };

    /// <summary>The <c>architecture</c> value of a SAELens <c>cfg.json</c>.</summary>
    public static string SaeLensName(this SaeArchitecture architecture) => architecture switch
    {
        SaeArchitecture.Standard => "standard",
        SaeArchitecture.TopK => "topk",
        SaeArchitecture.BatchTopK => "batchtopk",
        SaeArchitecture.JumpReLU => "jumprelu",
        _ => throw new ArgumentOutOfRangeException(nameof(architecture)),
    };

    /// <summary>The rule a trained SAE of this family runs at inference.</summary>
    public static SaeArchitecture InferenceArchitecture(this SaeArchitecture architecture) =>
        architecture == SaeArchitecture.BatchTopK ? SaeArchitecture.JumpReLU : architecture;

    /// <summary>TopK and BatchTopK keep decoder rows at unit norm (their sparsity does not depend on scale).</summary>
    public static bool HasUnitNormDecoder(this SaeArchitecture architecture) =>
        architecture is SaeArchitecture.TopK or SaeArchitecture.BatchTopK;
}
