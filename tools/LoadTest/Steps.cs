namespace ShoggothLens.LoadTest;

/// <summary>
/// The names of the steps both clients time, and of the steps they start (for error reports); the targets and the
/// report select steps by these names, so they are written once. The grid actions' names are <see cref="GridAction"/>'s.
/// </summary>
public static class Steps
{
    // Timed: cold loads (a new document and circuit).
    public const string GridFirstRows = "features: first rows (cold load)";
    public const string GridInteractive = "features: interactive (cold load)";
    public const string FeatureContent = "feature page: content (cold load)";
    public const string FeatureInteractive = "feature page: interactive (cold load)";

    // Timed: interactions inside the circuit. Every feature-page step starts with FeaturePage.
    public const string FeaturePage = "feature page";
    public const string FromGrid = "feature page (from the grid)";
    public const string NextPrev = "feature page (next/prev)";
    public const string Neighbour = "feature page (neighbour link)";
    public const string GridButton = "features (in circuit, Grid button)";
    public const string Compare = "compare";
    public const string Personas = "personas";
    public const string Review = "review queue";

    // Started, not timed under these names.
    public const string GridCold = "features (cold load)";
    public const string FeatureCold = "feature page (cold load)";
}
