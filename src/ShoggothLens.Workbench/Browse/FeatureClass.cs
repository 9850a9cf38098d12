namespace ShoggothLens.Workbench.Browse;

/// <summary>Where the scores put a feature (DESIGN.md): a candidate is an outside-role feature that leaks into Assistant turns.</summary>
public enum FeatureClass
{
    /// <summary>Neither side of ±τ, or too few firings to trust either.</summary>
    Other,
    PersonaAligned,
    OutsideRole,
    Candidate,
}
