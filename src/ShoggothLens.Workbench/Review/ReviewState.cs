namespace ShoggothLens.Workbench.Review;

/// <summary>
/// One feature's review as stored. <see cref="Version"/> is the row version optimistic concurrency compares:
/// 0 for a feature nobody has reviewed yet (no row), then 1, 2, … one per saved change.
/// </summary>
public sealed record ReviewState(
    string Catalog,
    int Feature,
    ReviewStatus Status,
    ReviewSeverity Severity,
    string Assignee,
    string Notes,
    long Version,
    string? UpdatedBy,
    DateTime? UpdatedAtUtc)
{
    /// <summary>The state of a feature without a review row.</summary>
    public static ReviewState Unreviewed(string catalog, int feature) =>
        new(catalog, feature, ReviewStatus.Open, ReviewSeverity.Unrated, "", "", 0, null, null);

    /// <summary>The values a reviewer can edit, as they stand now (the starting point of an edit form).</summary>
    public ReviewEdit ToEdit() => new(Status, Severity, Assignee, Notes);
}
