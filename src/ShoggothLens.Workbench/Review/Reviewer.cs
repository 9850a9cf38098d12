namespace ShoggothLens.Workbench.Review;

/// <summary>
/// Who asks the review store to do something: the name written into the history (from the login, or the local
/// user when the server runs for one person on loopback) and whether that person holds the Reviewer role.
/// The store checks <see cref="CanChangeReviews"/> itself, so hiding a button is never the only guard.
/// </summary>
public sealed record Reviewer(string Name, bool CanChangeReviews)
{
    public const int MaxNameLength = 200;
}
