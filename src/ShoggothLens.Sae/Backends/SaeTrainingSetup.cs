using ShoggothLens.Sae.Architectures;
using ShoggothLens.Sae.Training;

namespace ShoggothLens.Sae.Backends;

/// <summary>
/// What a training backend computes, fixed for a run: the architecture and its sizes, AuxK
/// (k_aux latents among the dead ones, loss coefficient), Adam's constants, the gradient-norm
/// clip (0 = none), JumpReLU's STE bandwidth and the rate of BatchTopK's running threshold.
/// </summary>
public sealed record SaeTrainingSetup(
    SaeArchitecture Architecture,
    int DIn,
    int DSae,
    int K = 0,
    bool ApplyBDecToInput = true,
    int KAux = 0,
    float AuxCoefficient = 1f / 32,
    AdamSettings? Adam = null,
    float MaxGradNorm = 1f,
    float JumpReluBandwidth = 0.001f,
    float BatchTopKThresholdRate = 0.01f)
{
    public AdamSettings AdamConstants => Adam ?? new AdamSettings();

    /// <summary>TopK and BatchTopK use AuxK; k_aux defaults to d_in / 2 (Gao et al., appendix B.1).</summary>
    public int EffectiveKAux => KAux > 0 ? Math.Min(KAux, DSae) : Math.Max(1, Math.Min(DIn / 2, DSae));

    public bool UsesAuxK => Architecture is SaeArchitecture.TopK or SaeArchitecture.BatchTopK && AuxCoefficient > 0;

    public void Validate()
    {
        if (DIn < 1 || DSae < 1) throw new ArgumentException($"d_in and width must be positive, got {DIn} and {DSae}");
        if (Architecture is SaeArchitecture.TopK or SaeArchitecture.BatchTopK && (K < 1 || K > DSae))
            throw new ArgumentException($"{Architecture} needs 1 ≤ k ≤ width ({DSae}), got {K}");
        if (MaxGradNorm < 0 || !float.IsFinite(MaxGradNorm)) throw new ArgumentException($"gradient clip must be ≥ 0, got {MaxGradNorm}");
        if (Architecture == SaeArchitecture.JumpReLU && !(JumpReluBandwidth > 0)) throw new ArgumentException($"JumpReLU bandwidth must be positive, got {JumpReluBandwidth}");
    }
}
