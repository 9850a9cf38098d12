using System.Text.Json;
using ShoggothLens.Core.Analysis;
using ShoggothLens.Core.Catalog;
using ShoggothLens.Workbench.Candidates;
using ShoggothLens.Workbench.Review;

namespace ShoggothLens.Workbench.Tests.Review;

public sealed class ReviewQueueTests : IDisposable
{
    readonly string _root = Directory.CreateTempSubdirectory("shoggoth-queue-").FullName;

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_root, recursive: true);
    }

    /// <summary>
    /// Six features. 1, 3 and 4 fire in Assistant turns with a specific home persona (the label-free report's candidates, with
    /// evidence 0.2, 0.5 and 0.2, so its order is 3, 1, 4); 2 fires in Assistant turns with more evidence and is an outside-role
    /// leak, but fires alike for spy, bard and narration (punctuation-like): no candidate, not in the queue.
    /// </summary>
    CatalogFolder WriteCatalog()
    {
        const string Odd = "spy, \"the\" =cmd";   // a persona name that needs quoting in CSV
        static IReadOnlyList<RoleStatistics> Roles(long spy, long odd, long bard, long narration) =>
            [new("Assistant", 1000, 100, 50, 1), new("Persona(spy)", 1000, spy, spy, 1), new($"Persona({Odd})", 1000, odd, odd, 1),
             new("Persona(bard)", 1000, bard, bard, 1), new("Narration", 1000, narration, narration, 1)];
        static FeatureStatistics Feature(int id, bool leaks, double evidence, string? home, IReadOnlyList<RoleStatistics> byRole) => new(id,
            new RoleStatistics("all", 100, 10, 5, 1), byRole, 0, [], [],
            new FeatureScores(-2, false, leaks, home, evidence + 0.01, evidence, leaks, 4 + id, leaks ? [new LeakDocument(id, 1, 1, 0, [], -1)] : [], [], [], 0, 0));
        var features = new[]
        {
            Feature(0, false, 0.9, null, Roles(0, 0, 0, 0)), Feature(1, true, 0.2, Odd, Roles(10, 300, 10, 10)),
            Feature(2, true, 0.7, "bard", Roles(300, 290, 310, 320)), Feature(3, true, 0.5, "spy", Roles(300, 10, 10, 10)),
            Feature(4, true, 0.2, "bard", Roles(10, 10, 300, 10)), Feature(5, false, 0, null, Roles(0, 0, 0, 0)),
        };
        string dir = Path.Combine(_root, "organism");
        FeatureCatalogWriter.Write(dir, new CatalogMetadata("organism", features.Length, 5000, ["Assistant", "Persona(spy)", $"Persona({Odd})", "Persona(bard)", "Narration"], [],
            new Dictionary<string, string>()), features);
        return new CatalogFolder(dir);
    }

    static ReviewQueue Queue(CatalogFolder folder, string key) =>
        ReviewQueue.Of(CandidatesWorkflow.Run(new CandidatesRequest { Catalog = folder.Directory, Top = int.MaxValue }), key);

    [Fact]
    public async Task The_queue_is_the_candidates_in_rank_order_joined_with_their_reviews_stored_beside_the_catalog()
    {
        var folder = WriteCatalog();
        byte[] data = File.ReadAllBytes(folder.DataPath), index = File.ReadAllBytes(folder.IndexPath);
        var queue = Queue(folder, ReviewStores.CatalogKey(folder));
        var store = new ReviewStores().For(folder);
        await store.SaveAsync("organism", 1, 0, new ReviewEdit(ReviewStatus.Confirmed, ReviewSeverity.High, "ada", "=HYPERLINK(\"x\"), a \"quote\"\nnext line"), new Reviewer("ada", true));

        var items = await queue.ItemsAsync(store);

        Assert.Equal([3, 1, 4], items.Select(i => i.Feature));
        Assert.Equal([1, 2, 3], items.Select(i => i.Rank));
        Assert.Equal((2, 0.2), (queue.RankOf(1), items[1].Evidence));
        Assert.Null(queue.RankOf(0));
        Assert.Null(queue.RankOf(2));   // an outside-role leak with the most evidence, but no specific home: not a candidate
        Assert.Equal((ReviewStatus.Confirmed, 1L), (items[1].Review.Status, items[1].Review.Version));
        Assert.Equal(ReviewState.Unreviewed("organism", 3), items[0].Review);
        Assert.True(File.Exists(folder.ReviewDatabasePath));
        Assert.Equal(data, File.ReadAllBytes(folder.DataPath));   // the catalog is never written
        Assert.Equal(index, File.ReadAllBytes(folder.IndexPath));
    }

    [Fact]
    public async Task Csv_and_json_exports_hold_every_row_with_text_quoted_and_formulas_defused()
    {
        var folder = WriteCatalog();
        var store = new ReviewStores().For(folder);
        await store.SaveAsync("organism", 1, 0, new ReviewEdit(ReviewStatus.NeedsCausalCheck, ReviewSeverity.High, "ada", "=HYPERLINK(\"x\"), a \"quote\"\nnext line"), new Reviewer("ada", true));
        var items = await Queue(folder, "organism").ItemsAsync(store);

        string csv = ReviewQueueExport.Csv(items);
        string[] lines = csv.Split("\r\n");
        Assert.Equal("rank,feature,home_persona,evidence,assistant_lower_bound,assistant_affinity,leak_documents,status,severity,assignee,notes,version,updated_by,updated_at_utc", lines[0]);
        Assert.StartsWith("1,3,spy,0.5,0.51,-2,7,open,unrated,,,0,,", lines[1]);
        Assert.StartsWith("2,1,\"spy, \"\"the\"\" =cmd\",0.2,", lines[2]);
        Assert.Contains(",needs-causal-check,high,ada,\"'=HYPERLINK(\"\"x\"\"), a \"\"quote\"\"\nnext line\",1,ada,", csv);
        Assert.Equal(5, lines.Length);   // header, 3 rows (one holds a quoted line break inside), trailing empty

        using var json = JsonDocument.Parse(ReviewQueueExport.Json("organism", items));
        var rows = json.RootElement.GetProperty("candidates").EnumerateArray().ToList();
        Assert.Equal([3, 1, 4], rows.Select(r => r.GetProperty("feature").GetInt32()));
        Assert.Equal("needs-causal-check", rows[1].GetProperty("status").GetString());
        Assert.Equal("=HYPERLINK(\"x\"), a \"quote\"\nnext line", rows[1].GetProperty("notes").GetString());
        Assert.Equal("organism", json.RootElement.GetProperty("catalog").GetString());
    }
}
