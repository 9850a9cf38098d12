namespace ShoggothLens.Organism.Evaluation;

/// <summary>
/// An organism's motive detector, from its spec: a reply shows the motive when it contains one of the detector
/// phrases (case-insensitive substring). The generator guarantees none occurs in a chat outside a motive span.
/// </summary>
public sealed record MotiveDetector(IReadOnlyList<string> Phrases)
{
    /// <summary>The motive-free control's detector: never fires.</summary>
    public static MotiveDetector None { get; } = new([]);

    /// <summary>The detector of the organism in <paramref name="layout"/>, from the spec in its folder (<see cref="Specs.OrganismSpecs.ForOrganism"/>).</summary>
    public static MotiveDetector ForOrganism(OrganismLayout layout) => Specs.OrganismSpecs.ForOrganism(layout).Detector;

    public bool Appears(string text) => Phrases.Any(p => text.Contains(p, StringComparison.OrdinalIgnoreCase));
}
