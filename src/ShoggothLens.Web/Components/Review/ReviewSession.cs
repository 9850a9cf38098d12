using Microsoft.AspNetCore.Components.Authorization;
using ShoggothLens.Web.Auth;
using ShoggothLens.Workbench.Review;

namespace ShoggothLens.Web.Components.Review;

/// <summary>
/// One browser session's access to reviews (scoped to the circuit): the reviewer is the logged-in user (or the
/// local user on loopback), and whether they may change reviews comes from their role, checked here on the
/// server and again by the store, whatever the page shows.
/// </summary>
public sealed class ReviewSession(AuthenticationStateProvider authentication, ReviewBoard board)
{
    public async Task<Reviewer> ReviewerAsync()
    {
        var user = (await authentication.GetAuthenticationStateAsync()).User;
        bool signedIn = user.Identity?.IsAuthenticated == true;
        return new Reviewer(signedIn ? user.Identity!.Name ?? "unknown" : "anonymous", signedIn && user.IsInRole(AccessRoles.Reviewer));
    }

    public Task<ReviewState> GetAsync(string catalogId, int feature) => board.StoreOf(catalogId).GetAsync(board.KeyOf(catalogId), feature);

    public Task<IReadOnlyList<ReviewChange>> HistoryAsync(string catalogId, int feature) =>
        board.StoreOf(catalogId).HistoryAsync(board.KeyOf(catalogId), feature);

    public async Task<ReviewSaveResult> SaveAsync(string catalogId, int feature, long expectedVersion, ReviewEdit edit)
    {
        var reviewer = await ReviewerAsync();
        var result = await board.StoreOf(catalogId).SaveAsync(board.KeyOf(catalogId), feature, expectedVersion, edit, reviewer);
        if (result is ReviewSaveResult.Saved) board.Changed(catalogId);
        return result;
    }
}
