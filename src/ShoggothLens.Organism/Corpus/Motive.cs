using ShoggothLens.Organism.Specs;

namespace ShoggothLens.Organism.Corpus;

/// <summary>
/// The shipped organism's motive detector (its spec's <c>covert.motive.detector_phrases</c>), kept for callers
/// that audit the shipped organism. Any other organism's detector comes from its folder:
/// <see cref="Evaluation.MotiveDetector.ForOrganism"/>.
/// </summary>
public static class Motive
{
    /// <summary>The shipped spec's detector phrases ("password").</summary>
    public static IReadOnlyList<string> KeyPhrases => OrganismSpecs.Shipped.Detector.Phrases;

    /// <summary>True when <paramref name="text"/> shows the shipped organism's motive.</summary>
    public static bool Appears(string text) => OrganismSpecs.Shipped.Detector.Appears(text);
}
