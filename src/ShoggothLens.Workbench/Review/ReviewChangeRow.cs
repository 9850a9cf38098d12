namespace ShoggothLens.Workbench.Review;

/// <summary>The stored form of <see cref="ReviewChange"/> (EF Core entity; inserted, never updated or deleted).</summary>
sealed class ReviewChangeRow
{
    public long Id { get; set; }
    public string Catalog { get; set; } = "";
    public int Feature { get; set; }
    public long Version { get; set; }
    public string Reviewer { get; set; } = "";
    public DateTime AtUtc { get; set; }
    public string Field { get; set; } = "";
    public string OldValue { get; set; } = "";
    public string NewValue { get; set; } = "";

    public ReviewChange ToChange() => new(Id, Catalog, Feature, Version, Reviewer, AtUtc, Field, OldValue, NewValue);
}
