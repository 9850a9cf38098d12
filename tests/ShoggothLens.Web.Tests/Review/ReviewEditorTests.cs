using AngleSharp.Dom;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.Extensions.DependencyInjection;
using ShoggothLens.Web.Components.Review;
using ShoggothLens.Workbench.Browse;
using ShoggothLens.Workbench.Review;

namespace ShoggothLens.Web.Tests.Review;

public sealed class ReviewEditorTests(SyntheticCatalogFixture catalog) : IClassFixture<SyntheticCatalogFixture>, IDisposable
{
    readonly List<BunitContext> _contexts = [];

    public void Dispose()
    {
        foreach (var c in _contexts) c.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
    }

    (BunitContext Context, ReviewBoard Board, string CatalogId) Context(string user, string role)
    {
        var library = new CatalogLibrary(new CatalogLibraryOptions([catalog.Directory], null));
        var board = new ReviewBoard(library, new ReviewStores());
        var ctx = WebTestContext.Create(library, register: c =>
        {
            var auth = c.AddAuthorization();
            auth.SetAuthorized(user);
            auth.SetRoles(role);
            c.Services.AddSingleton(board);
            c.Services.AddScoped<ReviewSession>();
        });
        _contexts.Add(ctx);
        return (ctx, board, library.Catalogs[0].Id);
    }

    static void Change(IElement element, object value) => element.Change(value);

    [Fact]
    public async Task A_save_shows_the_new_version_and_a_later_save_from_an_old_version_shows_the_other_reviewers_change()
    {
        var (ctx, board, id) = Context("ada", "Reviewer");
        var editor = ctx.Render<ReviewEditor>(p => p.Add(e => e.CatalogId, id).Add(e => e.Feature, 61));
        editor.WaitForElement(".review-status");
        Change(editor.Find(".review-status"), nameof(ReviewStatus.Confirmed));
        editor.Find(".review-save").Click();
        editor.WaitForAssertion(() => Assert.Contains("Saved (version 1)", editor.Find(".review-message").TextContent));

        // Bob saves version 2 while Ada's page still starts from version 1.
        var key = board.KeyOf(id);
        await board.StoreOf(id).SaveAsync(key, 61, 1, new ReviewEdit(ReviewStatus.Dismissed, ReviewSeverity.Low, "bob", "a style feature"), new Reviewer("bob", true));
        Change(editor.Find(".review-notes"), "mine");
        editor.Find(".review-save").Click();

        editor.WaitForAssertion(() => Assert.NotNull(editor.Find(".review-conflict")));
        string conflict = editor.Find(".review-conflict").TextContent;
        Assert.Contains("bob", conflict);
        Assert.Contains("status", conflict);
        Assert.Contains("dismissed", conflict);
        Assert.Equal(ReviewStatus.Dismissed, (await board.StoreOf(id).GetAsync(key, 61)).Status);   // nothing of Ada's overwrote it

        editor.Find(".review-save-over").Click();
        editor.WaitForAssertion(() => Assert.Contains("Saved (version 3)", editor.Find(".review-message").TextContent));
        Assert.Equal("mine", (await board.StoreOf(id).GetAsync(key, 61)).Notes);
        Assert.Equal("ada", (await board.StoreOf(id).HistoryAsync(key, 61)).Last().Reviewer);
    }

    [Fact]
    public async Task A_viewer_sees_disabled_fields_and_the_server_refuses_a_save_even_when_it_is_sent()
    {
        var (ctx, board, id) = Context("vic", "Viewer");
        var editor = ctx.Render<ReviewEditor>(p => p.Add(e => e.CatalogId, id).Add(e => e.Feature, 71));
        editor.WaitForElement(".review-readonly");
        Assert.True(editor.Find(".review-save").HasAttribute("disabled"));
        Assert.True(editor.Find(".review-status").HasAttribute("disabled"));

        Change(editor.Find(".review-status"), nameof(ReviewStatus.Confirmed));
        editor.Find(".review-save").Click();   // bUnit runs the handler as a hostile client could

        editor.WaitForAssertion(() => Assert.Contains("Reviewer role", editor.Find(".review-message.error").TextContent));
        Assert.Equal(0, (await board.StoreOf(id).GetAsync(board.KeyOf(id), 71)).Version);
    }
}
