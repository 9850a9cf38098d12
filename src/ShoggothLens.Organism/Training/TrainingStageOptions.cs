namespace ShoggothLens.Organism.Training;

/// <summary>
/// One training stage: steps of <see cref="BatchSize"/> windows of <see cref="WindowLength"/> tokens
/// (the batch is split between sources in the ratio of their per-batch counts), AdamW with weight
/// decay on matrices only, gradient clipping and a warm-up + cosine learning rate.
/// </summary>
public sealed record TrainingStageOptions(
    string Name,
    int Steps,
    int WindowLength,
    double PeakLearningRate,
    double FloorLearningRate,
    int WarmupSteps,
    double WeightDecay = 0.1,
    double Beta1 = 0.9,
    double Beta2 = 0.95,
    double GradientClip = 1.0)
{
    public LearningRateSchedule Schedule => new(PeakLearningRate, FloorLearningRate, WarmupSteps, Steps);
}
