namespace ShoggothLens.Organism.Training;

/// <summary>After each step: the stage, step k of n, this step's loss, the learning rate and throughput so far.</summary>
public readonly record struct TrainingProgress(string Stage, int Step, int TotalSteps, double Loss, double LearningRate, double TokensPerSecond);
