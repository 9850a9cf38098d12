namespace ShoggothLens.Web.Services;

/// <summary>
/// Where the browse pages get review status and the review panel from. The review store sets these when it is
/// registered (ShoggothWebApp's AddReviewAndAccess); without one, features have no status and the feature page shows
/// no panel.
/// </summary>
public sealed class ReviewStatusSource
{
    /// <summary>
    /// A snapshot of the statuses of one catalog (by catalog id): feature id → status. Called once per grid query,
    /// so it should answer from memory or one database query.
    /// </summary>
    public Func<string, IReadOnlyDictionary<int, string>>? StatusesOf { get; set; }

    /// <summary>Every status the store knows, for the grid's filter, in display order.</summary>
    public IReadOnlyList<string> Statuses { get; set; } = [];

    /// <summary>A component for the feature page, given the parameters <c>CatalogId</c> (string) and <c>Feature</c> (int).</summary>
    public Type? Panel { get; set; }

    public bool Attached => StatusesOf is not null;

    public IReadOnlyDictionary<int, string> Snapshot(string catalogId) =>
        StatusesOf?.Invoke(catalogId) ?? new Dictionary<int, string>();
}
