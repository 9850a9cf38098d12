using ShoggothLens.Core.Work;
using ShoggothLens.Sae.Metrics;

namespace ShoggothLens.Sae.Training;

/// <summary>How a training run's metrics window reads as a <see cref="WorkProgress"/>: steps done, and the window's figures by name.</summary>
public static class TrainingProgress
{
    public const string Stage = "train";
    public const string Unit = "steps";

    /// <summary>Metric names, in display order.</summary>
    public const string L0 = "L0", Mse = "MSE", Fve = "FVE", Dead = "dead", Dense = "dense", Loss = "loss", TokensPerSecond = "tok/s";

    public static WorkProgress Window(TrainingLogEntry entry, long totalSteps, int batchSize)
    {
        var m = entry.Metrics;
        return new WorkProgress(Stage, entry.Step, totalSteps, Unit,
            PerSecond: entry.TokensPerSecond / batchSize,
            Remaining: entry.TokensPerSecond > 0 ? TimeSpan.FromSeconds((totalSteps - entry.Step) * (double)batchSize / entry.TokensPerSecond) : null,
            Metrics:
            [
                new(L0, m.L0),
                new(Mse, m.Mse),
                new(Fve, m.FractionVarianceExplained),
                new(Dead, m.DeadFraction),
                new(Dense, m.DenseFraction),
                new(Loss, entry.Loss),
                new(TokensPerSecond, entry.TokensPerSecond),
            ]);
    }
}
