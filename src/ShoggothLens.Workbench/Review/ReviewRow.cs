namespace ShoggothLens.Workbench.Review;

/// <summary>The stored form of <see cref="ReviewState"/> (one row per catalog and feature; EF Core entity).</summary>
sealed class ReviewRow
{
    public string Catalog { get; set; } = "";
    public int Feature { get; set; }
    public ReviewStatus Status { get; set; }
    public ReviewSeverity Severity { get; set; }
    public string Assignee { get; set; } = "";
    public string Notes { get; set; } = "";
    /// <summary>Concurrency token: an update only applies where the row still has the version the edit started from.</summary>
    public long Version { get; set; }
    public string? UpdatedBy { get; set; }
    public DateTime? UpdatedAtUtc { get; set; }

    public ReviewState ToState() => new(Catalog, Feature, Status, Severity, Assignee, Notes, Version, UpdatedBy, UpdatedAtUtc);
}
