using ShoggothLens.Sae.Metrics;

namespace ShoggothLens.Sae.Training;

/// <summary>What a finished run left behind.</summary>
public sealed record TrainingResult(string Directory, long Steps, long Tokens, float Scale, TrainingLogEntry? LastLog, bool Resumed);
