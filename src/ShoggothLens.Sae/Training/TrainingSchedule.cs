namespace ShoggothLens.Sae.Training;

/// <summary>
/// Per-step learning rate and sparsity coefficient: the learning rate rises linearly over the
/// first <see cref="LrWarmupSteps"/> steps and falls linearly to zero over the last
/// <see cref="LrDecaySteps"/>; the sparsity coefficient rises linearly from 0 over
/// <see cref="SparsityWarmupSteps"/> (SAELens' l1_warm_up_steps).
/// </summary>
public sealed record TrainingSchedule(long TotalSteps, float LearningRate, long LrWarmupSteps, long LrDecaySteps, float SparsityCoefficient, long SparsityWarmupSteps)
{
    /// <summary>Learning rate of step <paramref name="step"/> (0-based).</summary>
    public float LearningRateAt(long step)
    {
        double factor = 1;
        if (LrWarmupSteps > 0 && step < LrWarmupSteps) factor = (step + 1) / (double)LrWarmupSteps;
        long decayStart = TotalSteps - LrDecaySteps;
        if (LrDecaySteps > 0 && step >= decayStart)
            factor = Math.Min(factor, (TotalSteps - step) / (double)LrDecaySteps);
        return (float)(LearningRate * factor);
    }

    public float SparsityCoefficientAt(long step) =>
        SparsityWarmupSteps > 0 && step < SparsityWarmupSteps
            ? (float)(SparsityCoefficient * (step + 1) / (double)SparsityWarmupSteps)
            : SparsityCoefficient;
}
