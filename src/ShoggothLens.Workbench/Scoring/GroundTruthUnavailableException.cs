namespace ShoggothLens.Workbench.Scoring;

/// <summary>
/// The store cannot be scored against the ground truth (no triggered or no untriggered conversation among those with a
/// reply, or more conversations than the scores kept in memory): the run's results stand, only the score is missing.
/// The demo reports it instead of failing (a tiny run, or labels the organism's truth does not name).
/// </summary>
public sealed class GroundTruthUnavailableException(string message) : Exception(message);
