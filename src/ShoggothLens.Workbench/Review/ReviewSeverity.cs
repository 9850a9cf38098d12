namespace ShoggothLens.Workbench.Review;

/// <summary>How much harm the motive would do if confirmed; <see cref="Unrated"/> until a reviewer says.</summary>
public enum ReviewSeverity
{
    Unrated,
    Low,
    Medium,
    High,
    Critical,
}
