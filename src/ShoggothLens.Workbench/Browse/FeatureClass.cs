namespace ShoggothLens.Workbench.Browse;

/// <summary>
/// Where a feature stands (DESIGN.md): a candidate is one the label-free candidate report names (a specific home persona and
/// firing in Assistant turns, Workbench/Candidates); the other features are classed by their assistant affinity.
/// </summary>
public enum FeatureClass
{
    /// <summary>Neither side of ±τ, or too few firings to trust either.</summary>
    Other,
    PersonaAligned,
    /// <summary>Affinity ≤ −τ and not a candidate (it may still fire in Assistant turns: an outside-role leak without a specific home).</summary>
    OutsideRole,
    /// <summary>In the label-free candidate report, whatever its affinity.</summary>
    Candidate,
}
