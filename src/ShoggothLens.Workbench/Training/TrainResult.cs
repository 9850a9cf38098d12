using ShoggothLens.Sae.Training;

namespace ShoggothLens.Workbench.Training;

/// <summary>A finished training run: the options it ran with (width resolved, defaults filled) and what it left behind.</summary>
public sealed record TrainResult(SaeTrainingOptions Options, TrainingResult Run);
