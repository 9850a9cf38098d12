namespace ShoggothLens.Sae.Metrics;

/// <summary>
/// The standard numbers researchers compare SAEs by, over a set of tokens:
/// L0 (mean active latents per token), MSE (mean over tokens and dimensions of (x̂ − x)²),
/// fraction of variance explained 1 − Σ‖x − x̂‖² / Σ‖x − x̄‖², dead fraction (latents that did
/// not fire; in training: not within the dead window), dense fraction (latents firing on more than
/// 10% of tokens), and, when a model was given, CE loss recovered with the SAE spliced in.
/// </summary>
public sealed record SaeMetrics(
    long Tokens,
    double L0,
    double Mse,
    double FractionVarianceExplained,
    double DeadFraction,
    double DenseFraction,
    CeLossRecovered? CeLoss = null);
