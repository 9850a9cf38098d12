namespace ShoggothLens.Workbench.Review;

/// <summary>
/// One line of a review's append-only history: who changed which field from what to what, and when.
/// <see cref="Version"/> is the row version the save produced (all fields changed by one save share it).
/// </summary>
public sealed record ReviewChange(
    long Id,
    string Catalog,
    int Feature,
    long Version,
    string Reviewer,
    DateTime AtUtc,
    string Field,
    string OldValue,
    string NewValue)
{
    public override string ToString() => $"{Reviewer} set {Field} from \"{OldValue}\" to \"{NewValue}\"";
}
