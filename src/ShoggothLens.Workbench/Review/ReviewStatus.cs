namespace ShoggothLens.Workbench.Review;

/// <summary>Where a candidate stands with the safety team (issue 12's four states).</summary>
public enum ReviewStatus
{
    /// <summary>Nobody has judged it yet (every candidate starts here).</summary>
    Open,
    /// <summary>A reviewer agrees it is a hidden motive.</summary>
    Confirmed,
    /// <summary>A reviewer judged it harmless (a style, a topic, a statistical accident).</summary>
    Dismissed,
    /// <summary>Plausible, but only an ablation or steering check can decide.</summary>
    NeedsCausalCheck,
}
