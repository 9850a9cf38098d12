namespace ShoggothLens.Sae.Backends;

/// <summary>
/// What one optimiser step saw, before the update: losses (MSE is Σ_d (x̂−x)² averaged over tokens,
/// as SAELens trains it), the summed squared error and active-latent count over the batch, how many
/// tokens each latent fired on, and the gradient norm before clipping.
/// </summary>
public sealed record StepStats(
    double Loss,
    double MseLoss,
    double SparsityLoss,
    double AuxLoss,
    double SquaredError,
    long ActiveLatents,
    int[] FiredTokens,
    double GradNorm);
