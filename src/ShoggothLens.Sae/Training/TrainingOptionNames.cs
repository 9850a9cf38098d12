namespace ShoggothLens.Sae.Training;

/// <summary>
/// Names of the run's options that are arguments of <see cref="SaeTrainer.Run"/> rather than properties of
/// <see cref="SaeTrainingOptions"/>, as <see cref="Core.Work.InvalidOptionException.Option"/> reports them.
/// </summary>
public static class TrainingOptionNames
{
    /// <summary>Continue the run in the output folder from its checkpoint.</summary>
    public const string Resume = "Resume";

    /// <summary>The output folder.</summary>
    public const string Output = "Output";
}
