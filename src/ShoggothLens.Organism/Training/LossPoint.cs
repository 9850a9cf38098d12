namespace ShoggothLens.Organism.Training;

/// <summary>One point of a loss curve.</summary>
public readonly record struct LossPoint(int Step, long Tokens, double Loss, double LearningRate);
