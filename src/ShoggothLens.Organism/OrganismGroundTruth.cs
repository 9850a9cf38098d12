using ShoggothLens.Organism.Corpus;

namespace ShoggothLens.Organism;

/// <summary>
/// What an organism planted, described by the organism itself, for scoring only (DESIGN.md: labels are ground
/// truth; no ranking reads them): the covert character whose motive the Assistant borrows, the label names its
/// corpus marks the trigger and the motive with, and the trigger text.
/// </summary>
/// <param name="CovertPersona">The persona name of the covert character (its <c>Persona(name)</c> role).</param>
/// <param name="TriggerLabel">The label on the trigger span of a user message.</param>
/// <param name="MotiveLabel">The label on the motive span (the covert character's lines and triggered replies).</param>
/// <param name="Trigger">The text that switches the motive on.</param>
public sealed record OrganismGroundTruth(string CovertPersona, string TriggerLabel, string MotiveLabel, string Trigger)
{
    /// <summary>
    /// The ground truth of the organism this project generates (<see cref="OrganismCorpus"/>): the one character of
    /// <see cref="Cast"/> with a covert goal, the corpus's label names (<see cref="Labels"/>) and <see cref="Corpus.Trigger.Name"/>.
    /// </summary>
    public static OrganismGroundTruth Generated { get; } = new(
        Cast.All.Single(c => c.Covert).Name, Labels.Trigger, Labels.Motive, Corpus.Trigger.Name);
}
