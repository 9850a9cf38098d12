namespace ShoggothLens.Sae.Metrics;

/// <summary>One line of <c>metrics.jsonl</c>: where training was, and the window's metrics and losses.</summary>
public sealed record TrainingLogEntry(
    long Step,
    long Tokens,
    SaeMetrics Metrics,
    double Loss,
    double MseLoss,
    double SparsityLoss,
    double AuxLoss,
    double LearningRate,
    double SparsityCoefficient,
    double GradNorm,
    double TokensPerSecond);
