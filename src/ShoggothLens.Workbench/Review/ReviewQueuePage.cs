namespace ShoggothLens.Workbench.Review;

/// <summary>
/// One page of the review queue: its rows in rank order, where it stands (1-based <see cref="Page"/> of
/// <see cref="Pages"/>), how many candidates the status filter kept (<see cref="Matching"/>) of all
/// (<see cref="Total"/>), and how many candidates have each status (the filter's chips).
/// </summary>
public sealed record ReviewQueuePage(
    IReadOnlyList<ReviewQueueItem> Items,
    int Page,
    int Pages,
    int PageSize,
    int Matching,
    int Total,
    IReadOnlyDictionary<ReviewStatus, int> Counts)
{
    /// <summary>Rank of the page's first row among the matching candidates (1-based; 0 when the page is empty).</summary>
    public int First => Items.Count == 0 ? 0 : (Page - 1) * PageSize + 1;
}
