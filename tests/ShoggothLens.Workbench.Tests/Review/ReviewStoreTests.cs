using ShoggothLens.Workbench.Review;

namespace ShoggothLens.Workbench.Tests.Review;

public sealed class ReviewStoreTests(ReviewDatabases databases) : IClassFixture<ReviewDatabases>
{
    static readonly Reviewer Ada = new("ada", CanChangeReviews: true);
    static readonly Reviewer Bob = new("bob", CanChangeReviews: true);
    static readonly Reviewer Viewer = new("vic", CanChangeReviews: false);

    [Theory]
    [MemberData(nameof(ReviewDatabases.Kinds), MemberType = typeof(ReviewDatabases))]
    public async Task First_save_stores_version_one_and_one_history_line_per_changed_field(string kind)
    {
        var store = new ReviewStore(databases.Create(kind));
        Assert.Equal(ReviewState.Unreviewed("c", 7), await store.GetAsync("c", 7));

        var result = await store.SaveAsync("c", 7, 0, new ReviewEdit(ReviewStatus.Confirmed, ReviewSeverity.High, "", "leaks under the trigger"), Ada);

        var saved = Assert.IsType<ReviewSaveResult.Saved>(result);
        Assert.Equal(1, saved.Review.Version);
        Assert.Equal("ada", saved.Review.UpdatedBy);
        var stored = await store.GetAsync("c", 7);
        Assert.Equal((ReviewStatus.Confirmed, ReviewSeverity.High, "leaks under the trigger", 1L), (stored.Status, stored.Severity, stored.Notes, stored.Version));
        Assert.Equal(DateTimeKind.Utc, stored.UpdatedAtUtc!.Value.Kind);
        var history = await store.HistoryAsync("c", 7);
        Assert.Equal(["status open→confirmed", "severity unrated→high", "notes →leaks under the trigger"],
            history.Select(h => $"{h.Field} {h.OldValue}→{h.NewValue}"));
        Assert.All(history, h => Assert.Equal(("ada", 1L), (h.Reviewer, h.Version)));
        Assert.Equal(ReviewState.Unreviewed("other", 7), await store.GetAsync("other", 7));   // catalogs are apart
    }

    [Theory]
    [MemberData(nameof(ReviewDatabases.Kinds), MemberType = typeof(ReviewDatabases))]
    public async Task Second_reviewer_from_the_same_version_gets_a_conflict_with_the_first_ones_change_and_nothing_is_lost(string kind)
    {
        var store = new ReviewStore(databases.Create(kind));
        await store.SaveAsync("c", 3, 0, new ReviewEdit(ReviewStatus.Open, ReviewSeverity.Low, "", ""), Ada);
        var seenByBoth = await store.GetAsync("c", 3);

        var first = await store.SaveAsync("c", 3, seenByBoth.Version, seenByBoth.ToEdit() with { Status = ReviewStatus.Dismissed }, Ada);
        var second = await store.SaveAsync("c", 3, seenByBoth.Version, seenByBoth.ToEdit() with { Status = ReviewStatus.Confirmed, Assignee = "bob" }, Bob);

        Assert.IsType<ReviewSaveResult.Saved>(first);
        var conflict = Assert.IsType<ReviewSaveResult.Conflict>(second);
        Assert.Equal(ReviewStatus.Dismissed, conflict.Current.Status);
        var theirs = Assert.Single(conflict.TheirChanges);
        Assert.Equal(("ada", "status", "open", "dismissed"), (theirs.Reviewer, theirs.Field, theirs.OldValue, theirs.NewValue));
        Assert.Contains("ada changed status \"open\" → \"dismissed\"", conflict.Describe());
        Assert.Equal(ReviewStatus.Dismissed, (await store.GetAsync("c", 3)).Status);

        // Bob decides again from what he now sees: both changes stay in the history.
        var retry = await store.SaveAsync("c", 3, conflict.Current.Version, conflict.Current.ToEdit() with { Assignee = "bob" }, Bob);
        Assert.Equal(3, Assert.IsType<ReviewSaveResult.Saved>(retry).Review.Version);
        var history = await store.HistoryAsync("c", 3);
        Assert.Equal(["ada severity", "ada status", "bob assignee"], history.Select(h => $"{h.Reviewer} {h.Field}"));
    }

    [Theory]
    [MemberData(nameof(ReviewDatabases.Kinds), MemberType = typeof(ReviewDatabases))]
    public async Task Racing_saves_from_one_version_store_exactly_one(string kind)
    {
        var store = new ReviewStore(databases.Create(kind));
        foreach (long start in new long[] { 0, 1 })   // the first review (an insert race) and a later one (an update race)
        {
            var results = await Task.WhenAll(Enumerable.Range(0, 6).Select(i => Task.Run(() =>
                store.SaveAsync("c", 11, start, new ReviewEdit(ReviewStatus.NeedsCausalCheck, ReviewSeverity.Medium, $"r{i}-{start}", ""), new Reviewer($"r{i}", true)))));
            Assert.Single(results.OfType<ReviewSaveResult.Saved>());
            Assert.Equal(5, results.OfType<ReviewSaveResult.Conflict>().Count());
            Assert.Equal(start + 1, (await store.GetAsync("c", 11)).Version);
        }
        var history = await store.HistoryAsync("c", 11);
        Assert.Equal(history.Count, history.DistinctBy(h => (h.Version, h.Field)).Count());
    }

    [Theory]
    [MemberData(nameof(ReviewDatabases.Kinds), MemberType = typeof(ReviewDatabases))]
    public async Task A_viewer_or_an_invalid_edit_is_refused_and_nothing_is_stored(string kind)
    {
        var store = new ReviewStore(databases.Create(kind));
        var edit = new ReviewEdit(ReviewStatus.Confirmed, ReviewSeverity.Critical, "", "");

        var viewer = Assert.IsType<ReviewSaveResult.Refused>(await store.SaveAsync("c", 1, 0, edit, Viewer));
        Assert.Contains("Reviewer role", viewer.Reason);
        Assert.IsType<ReviewSaveResult.Refused>(await store.SaveAsync("c", 1, 0, edit with { Notes = new string('x', ReviewEdit.MaxNotesLength + 1) }, Ada));
        Assert.IsType<ReviewSaveResult.Refused>(await store.SaveAsync("c", 1, 0, edit with { Status = (ReviewStatus)42 }, Ada));

        Assert.Equal(0, (await store.GetAsync("c", 1)).Version);
        Assert.Empty(await store.HistoryAsync("c", 1));
    }

    [Theory]
    [MemberData(nameof(ReviewDatabases.Kinds), MemberType = typeof(ReviewDatabases))]
    public async Task Saving_unchanged_values_writes_no_history(string kind)
    {
        var store = new ReviewStore(databases.Create(kind));
        var saved = Assert.IsType<ReviewSaveResult.Saved>(await store.SaveAsync("c", 2, 0, new ReviewEdit(ReviewStatus.Dismissed, ReviewSeverity.Unrated, "", ""), Ada));
        var again = Assert.IsType<ReviewSaveResult.Saved>(await store.SaveAsync("c", 2, 1, saved.Review.ToEdit(), Bob));
        Assert.Empty(again.Changes);
        Assert.Equal(1, (await store.GetAsync("c", 2)).Version);
        Assert.Single(await store.HistoryAsync("c", 2));
    }

    [PostgresAvailableFact]
    public async Task A_shared_postgresql_database_that_already_has_tables_gets_the_review_tables_too()
    {
        var database = databases.Create("postgresql");
        await using (var connection = new Npgsql.NpgsqlConnection(database.ConnectionString))
        {
            await connection.OpenAsync();
            await using var command = new Npgsql.NpgsqlCommand("CREATE TABLE someone_elses (id int)", connection);
            await command.ExecuteNonQueryAsync();
        }
        var store = new ReviewStore(database);
        Assert.IsType<ReviewSaveResult.Saved>(await store.SaveAsync("c", 5, 0, new ReviewEdit(ReviewStatus.Confirmed, ReviewSeverity.Low, "", ""), Ada));
        Assert.Equal(1, (await store.GetAsync("c", 5)).Version);
    }
}
