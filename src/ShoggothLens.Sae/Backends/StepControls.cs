namespace ShoggothLens.Sae.Backends;

/// <summary>
/// What the trainer sets for one step: the scheduled learning rate, the (warmed-up) sparsity
/// coefficient (L1 for Standard, L0 for JumpReLU) and the latents counted dead before this step,
/// in increasing order, for AuxK.
/// </summary>
public readonly record struct StepControls(float LearningRate, float SparsityCoefficient, IReadOnlyList<int> DeadLatents);
