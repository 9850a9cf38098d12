using System.Text.Json;
using ShoggothLens.Core.Catalog;
using ShoggothLens.TestKit.WebCatalogs;
using ShoggothLens.Web.Components.Pages;
using ShoggothLens.Workbench.Browse;
using ShoggothLens.Workbench.Candidates;
using ShoggothLens.Workbench.Export;
using ShoggothLens.Workbench.Review;

namespace ShoggothLens.Web.Tests.Browse;

/// <summary>
/// One meaning of "candidate" everywhere: a catalog with punctuation-like features (outside-role, firing in Assistant turns, so
/// the catalog's <c>OutsideRoleLeak</c> flag is set, but alike in every persona and narration) and candidates with a specific
/// home. The grid, the persona graph, the compare lists, the review queue, the overview and both exports must name exactly the
/// label-free report's candidates: the specific ones, never the punctuation.
/// </summary>
public sealed class CandidateDefinitionTests : IDisposable
{
    readonly string _root = Directory.CreateTempSubdirectory("shoggoth-candidate-definition-").FullName;
    readonly SyntheticCatalogOptions _options = new(Features: 100, CandidateEvery: 10, PunctuationEvery: 10);
    readonly string _dir;
    readonly CatalogLibrary _library;

    public CandidateDefinitionTests()
    {
        _dir = Path.Combine(_root, "commas");
        SyntheticCatalog.Write(_dir, _options);
        _library = new CatalogLibrary(new CatalogLibraryOptions([_dir], null));
    }

    public void Dispose()
    {
        _library.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { Directory.Delete(_root, recursive: true); } catch (IOException) { }
    }

    int[] Ids(string cls) => Enumerable.Range(0, _options.Features).Where(f => SyntheticCatalog.ClassOf(f, _options) == cls).ToArray();

    Task<LoadedCatalog> Open() => _library.OpenAsync(_library.Catalogs[0].Id);

    [Fact]
    public void The_fixture_has_what_the_test_needs_punctuation_flagged_as_leaks_and_the_report_rejecting_it()
    {
        var report = CandidatesWorkflow.Run(new CandidatesRequest { Catalog = _dir, Top = int.MaxValue });
        using var catalog = FeatureCatalog.Open(_dir);
        Assert.NotEmpty(Ids("punctuation"));
        Assert.All(Ids("punctuation"), f => Assert.True(catalog.Read(f).Scores.OutsideRoleLeak));
        Assert.All(Ids("candidate"), f => Assert.True(catalog.Read(f).Scores.OutsideRoleLeak));
        Assert.Equal(Ids("candidate").Order(), report.Candidates.Select(c => c.Feature).Order());
        Assert.All(Ids("punctuation"), f => Assert.StartsWith("not specific", report.Rejected.Single(r => r.Feature == f).Reason));
    }

    [Fact]
    public async Task The_grid_marks_the_reports_candidates_and_not_the_punctuation()
    {
        var loaded = await Open();
        var index = loaded.Index;
        var report = loaded.Candidates.Report!;
        Assert.Equal(report.Candidates.OrderBy(c => c.Rank).Select(c => c.Feature), index.Candidates);
        Assert.Equal(Ids("candidate").Order(), index.Query(new FeatureQuery(Class: FeatureClass.Candidate)).Select(r => r.Feature).Order());
        foreach (int f in Ids("punctuation"))
        {
            var row = index[f]!;
            Assert.Equal((FeatureClass.OutsideRole, (int?)null, true), (row.Class, row.CandidateRank, row.OutsideRoleLeak));
        }
        foreach (var c in report.Candidates) Assert.Equal((FeatureClass.Candidate, (int?)c.Rank), (index[c.Feature]!.Class, index[c.Feature]!.CandidateRank));
        Assert.Equal(Ids("candidate").Length + Ids("punctuation").Length, index.OutsideRoleLeakCount);

        // The rendered grid, filtered to candidates: no punctuation row.
        using var ctx = WebTestContext.Create(_library);
        ctx.Navigate("features?class=candidate&sort=rank&dir=asc");
        var cut = ctx.Render<Features>();
        cut.WaitForElement("[data-feature-grid]");
        var shown = cut.FindAll("a[data-feature]").Select(a => int.Parse(a.GetAttribute("data-feature")!)).ToList();
        Assert.Equal(index.Candidates, shown);
    }

    [Fact]
    public async Task The_persona_graph_and_the_compare_view_draw_only_the_reports_candidates()
    {
        var loaded = await Open();
        var graphed = loaded.PersonaGraph.Personas.SelectMany(p => p.Candidates).Select(c => c.Feature).ToList();
        Assert.Equal(Ids("candidate").Order(), graphed.Order());
        Assert.DoesNotContain(graphed, f => Ids("punctuation").Contains(f));
        // Punctuation is still an outside-role feature of its persona, drawn as one of its features, not with a red arrow.
        Assert.All(loaded.PersonaGraph.Personas.SelectMany(p => p.Strongest), s => Assert.Equal(FeatureClass.OutsideRole, s.Class));

        var compare = loaded.CompareView;
        int candidates = Ids("candidate").Length;
        Assert.Equal(loaded.Index.Candidates, compare.OutsideInAssistant.Take(candidates).Select(r => r.Feature));
        Assert.All(compare.OutsideInAssistant.Skip(candidates), r => Assert.Null(r.CandidateRank));
        Assert.Contains(compare.OutsideInAssistant, r => Ids("punctuation").Contains(r.Feature));   // listed as a leak, unranked
        Assert.Equal(loaded.Index.Candidates, compare.Candidates.Select(d => d.Feature));

        using var ctx = WebTestContext.Create(_library);
        var cut = ctx.Render<Compare>();
        cut.WaitForElement("[data-scatter]");
        Assert.Equal(candidates, cut.FindAll("[data-scatter] circle.candidate").Count);
    }

    [Fact]
    public async Task The_review_queue_is_the_reports_order_without_the_punctuation()
    {
        var loaded = await Open();
        var queue = ReviewQueue.Rank(loaded);
        var report = loaded.Candidates.Report!;
        Assert.Equal(report.Candidates.Count, queue.Count);
        foreach (var c in report.Candidates) Assert.Equal(c.Rank, queue.RankOf(c.Feature));
        Assert.All(Ids("punctuation"), f => Assert.Null(queue.RankOf(f)));
    }

    [Fact]
    public async Task The_overview_counts_leaks_and_candidates_apart()
    {
        await Open();
        using var ctx = WebTestContext.Create(_library);
        var cut = ctx.Render<Home>();
        cut.WaitForElement("[data-summary]");
        Assert.Equal(Ids("candidate").Length.ToString(), cut.Find("[data-candidate-count]").TextContent);
        Assert.Equal((Ids("candidate").Length + Ids("punctuation").Length).ToString(), cut.Find("[data-leak-count]").TextContent);
        var top = cut.FindAll("[data-top-candidates] tbody tr a").Select(a => int.Parse(a.TextContent.TrimStart('#'))).ToList();
        Assert.NotEmpty(top);
        Assert.All(top, f => Assert.Contains(f, Ids("candidate")));
    }

    [Fact]
    public async Task Selection_export_and_the_export_command_flag_the_reports_candidates_and_keep_the_leak_flag_apart()
    {
        var loaded = await Open();
        var all = Enumerable.Range(0, _options.Features).ToList();
        using var stream = new MemoryStream();
        SelectionExport.Write(stream, loaded, all, SelectionExport.Format.Csv);
        var lines = System.Text.Encoding.UTF8.GetString(stream.ToArray()).TrimEnd('\n').Split('\n');
        var header = lines[0].Split(',').ToList();
        int candidate = header.IndexOf("hidden_motive_candidate"), leak = header.IndexOf("outside_role_leak");
        var rows = lines.Skip(1).Select(l => l.Split(',')).ToDictionary(r => int.Parse(r[0]));
        Assert.All(Ids("punctuation"), f => Assert.Equal(("0", "1"), (rows[f][candidate], rows[f][leak])));
        Assert.All(Ids("candidate"), f => Assert.Equal(("1", "1"), (rows[f][candidate], rows[f][leak])));
        Assert.Equal(Ids("candidate").Length, rows.Values.Count(r => r[candidate] == "1"));

        string output = Path.Combine(_root, "neuronpedia");
        ExportWorkflow.Run(new ExportRequest { Catalog = _dir, Output = output, Format = ExportFormat.Neuronpedia, BatchSize = 1000 });
        using var doc = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(output, "batch-0.json")));
        Assert.Equal(2, doc.RootElement.GetProperty("shoggoth").GetProperty("export_version").GetInt32());
        var flagged = doc.RootElement.GetProperty("features").EnumerateArray()
            .Where(f => f.GetProperty("shoggoth").GetProperty("hidden_motive_candidate").GetBoolean())
            .Select(f => f.GetProperty("feature_index").GetInt32()).ToList();
        Assert.Equal(Ids("candidate"), flagged);
        var punctuation = doc.RootElement.GetProperty("features")[Ids("punctuation")[0]].GetProperty("shoggoth");
        Assert.True(punctuation.GetProperty("outside_role_leak").GetBoolean());
    }

    [Fact]
    public void A_saved_report_is_used_when_it_lists_every_candidate_and_computed_again_when_it_was_cut_short()
    {
        var folder = new CatalogFolder(_dir);
        int all = Ids("candidate").Length;
        CandidatesWorkflow.Run(new CandidatesRequest { Catalog = _dir, Top = 2, Save = true });
        var cut = CatalogCandidates.Load(folder);
        Assert.Equal((false, all), (cut.Saved, cut.Set.Count));   // the saved top 2 would hide the other candidates

        CandidatesWorkflow.Run(new CandidatesRequest { Catalog = _dir, Top = int.MaxValue, Save = true });
        var whole = CatalogCandidates.Load(folder);
        Assert.Equal((true, all), (whole.Saved, whole.Set.Count));
        Assert.Equal(cut.Set.Ranked, whole.Set.Ranked);
    }
}
