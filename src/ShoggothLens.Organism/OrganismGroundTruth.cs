using ShoggothLens.Organism.Corpus;
using ShoggothLens.Organism.Specs;

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
    /// <summary>The ground truth of the shipped organism (its spec, <see cref="OrganismSpecs.Shipped"/>).</summary>
    public static OrganismGroundTruth Generated => FromSpec(OrganismSpecs.Shipped)!;

    /// <summary>
    /// What an organism generated from <paramref name="spec"/> planted: its covert character, the corpus's label names
    /// (<see cref="Labels"/>) and the trigger name; null for a spec without a covert character (nothing planted).
    /// </summary>
    public static OrganismGroundTruth? FromSpec(OrganismSpec spec) =>
        spec.Covert is { } covert ? new(covert.Character.Name, Labels.Trigger, Labels.Motive, spec.Trigger.Name) : null;

    /// <summary>What the organism in <paramref name="layout"/> planted, from the spec in its folder; null for a motive-free control.</summary>
    public static OrganismGroundTruth? ForOrganism(OrganismLayout layout) => FromSpec(OrganismSpecs.ForOrganism(layout));
}
