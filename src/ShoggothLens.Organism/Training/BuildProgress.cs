namespace ShoggothLens.Organism.Training;

/// <summary>
/// Progress of <c>organism build</c>: a stage ("corpus", "tokenizer", "base", "assistant"), how far
/// it is (<see cref="Done"/> of <see cref="Total"/>), and for training stages the last loss and tokens/s.
/// </summary>
public readonly record struct BuildProgress(string Stage, int Done, int Total, double? Loss = null, double? TokensPerSecond = null, string? Note = null);
