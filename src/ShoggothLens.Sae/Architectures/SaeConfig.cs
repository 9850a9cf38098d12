namespace ShoggothLens.Sae.Architectures;

/// <summary>
/// What an SAE computes and where it belongs. <see cref="Architecture"/> is the inference rule
/// (Standard, TopK or JumpReLU); <see cref="TrainedAs"/> records the training rule (BatchTopK
/// SAEs run as JumpReLU). With <see cref="ApplyBDecToInput"/> the encoder sees x − b_dec.
/// </summary>
public sealed record SaeConfig(
    SaeArchitecture Architecture,
    int DIn,
    int DSae,
    int? K = null,
    bool ApplyBDecToInput = true,
    string? HookName = null,
    string? ModelName = null,
    SaeArchitecture? TrainedAs = null)
{
    public void Validate()
    {
        if (DIn < 1 || DSae < 1) throw new ArgumentException($"d_in and d_sae must be positive, got {DIn} and {DSae}");
        if (Architecture == SaeArchitecture.BatchTopK)
            throw new ArgumentException("a BatchTopK SAE runs as JumpReLU; its config names jumprelu");
        if (Architecture == SaeArchitecture.TopK && (K is null || K < 1 || K > DSae))
            throw new ArgumentException($"a TopK SAE needs 1 ≤ k ≤ d_sae ({DSae}), got {K?.ToString() ?? "none"}");
    }
}
