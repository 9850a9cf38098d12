using ShoggothLens.Core.Analysis;
using ShoggothLens.Core.Catalog;
using ShoggothLens.TestKit.WebCatalogs;
using ShoggothLens.Workbench.Browse;
using ShoggothLens.Workbench.Candidates;

namespace ShoggothLens.Web.Tests.Browse;

public sealed class FeatureSummaryIndexTests(SyntheticCatalogFixture fixture) : IClassFixture<SyntheticCatalogFixture>
{
    FeatureSummaryIndex Build()
    {
        using var catalog = FeatureCatalog.Open(fixture.Directory);
        return FeatureSummaryIndex.Build(catalog, CatalogCandidates.Load(new CatalogFolder(fixture.Directory)).Set);
    }

    static string Key(FeatureSummary r) => r.IsDead ? "dead" : FeatureQuery.ClassKey(r.Class);

    [Fact]
    public void Classes_match_the_generated_catalog()
    {
        var index = Build();
        Assert.Equal(fixture.Options.Features, index.Rows.Count);
        foreach (var r in index.Rows)
        {
            string expected = SyntheticCatalog.ClassOf(r.Feature, fixture.Options);
            Assert.Equal(expected == "dead" ? "dead" : expected, r.IsDead ? "dead" : Key(r));
        }
        Assert.Equal(index.Rows.Count(r => r.Class == FeatureClass.Candidate), index.Candidates.Count);
        Assert.Equal(fixture.Options.PersonaNames.Order(StringComparer.Ordinal), index.Personas);
    }

    [Fact]
    public void Candidates_are_ranked_as_the_CLI_ranks_them()
    {
        var index = Build();
        var expected = CandidatesWorkflow.Run(new CandidatesRequest { Catalog = fixture.Directory, Top = int.MaxValue }).Candidates.Select(c => c.Feature).ToList();
        Assert.NotEmpty(expected);
        Assert.Equal(expected, index.Candidates);
        for (int i = 0; i < expected.Count; i++) Assert.Equal(i + 1, index[expected[i]]!.CandidateRank);
    }

    [Fact]
    public void Summaries_carry_the_catalog_scores_and_frequencies()
    {
        var index = Build();
        using var catalog = FeatureCatalog.Open(fixture.Directory);
        var f = catalog.Read(1);
        var s = index[1]!;
        Assert.Equal(f.Scores.HiddenMotiveEvidence, s.Evidence);
        Assert.Equal(f.Scores.AssistantAffinity, s.Affinity);
        Assert.Equal(f.Overall.Frequency, s.Density);
        Assert.Equal(ModelDiff.AssistantFrequency(f), s.AssistantFrequency);
        int assistant = index.RoleIndex("Assistant");
        Assert.Equal(f.ByRole.Single(r => r.Role == "Assistant").Frequency, s.RoleFrequencies[assistant]);
        var outside = f.ByRole.Where(r => r.Role == "Narration" || r.Role.StartsWith("Persona(")).ToList();
        Assert.Equal((double)outside.Sum(r => r.Firings) / outside.Sum(r => r.Tokens), s.OutsideFrequency, 12);
    }

    [Fact]
    public void Filters_by_class_and_persona()
    {
        var index = Build();
        var candidates = index.Query(new FeatureQuery(Class: FeatureClass.Candidate));
        Assert.NotEmpty(candidates);
        Assert.All(candidates, r => Assert.Equal(FeatureClass.Candidate, r.Class));
        string persona = index.Personas[1];
        var own = index.Query(new FeatureQuery(Class: FeatureClass.OutsideRole, Persona: persona));
        Assert.NotEmpty(own);
        Assert.All(own, r => Assert.Equal(persona, r.HomePersona));
        Assert.Equal(index.Rows.Count(r => r.Class == FeatureClass.OutsideRole && r.HomePersona == persona), own.Count);
    }

    [Fact]
    public void Sorts_on_any_column_in_both_directions_with_ties_by_id()
    {
        var index = Build();
        var byEvidence = index.Query(new FeatureQuery("evidence", Descending: true));
        Assert.True(byEvidence.Zip(byEvidence.Skip(1)).All(p => p.First.Evidence > p.Second.Evidence || (p.First.Evidence == p.Second.Evidence && p.First.Feature < p.Second.Feature)));
        var byId = index.Query(new FeatureQuery("id", Descending: false));
        Assert.Equal(Enumerable.Range(0, fixture.Options.Features), byId.Select(r => r.Feature));
        var byUser = index.Query(new FeatureQuery("role:User", Descending: true));
        int u = index.RoleIndex("User");
        Assert.True(byUser.Zip(byUser.Skip(1)).All(p => p.First.RoleFrequencies[u] >= p.Second.RoleFrequencies[u]));
        var byRank = index.Query(new FeatureQuery("rank", Descending: false));
        Assert.Equal(index.Candidates, byRank.Take(index.Candidates.Count).Select(r => r.Feature));
        var byLeaks = index.Query(new FeatureQuery("leaks", Descending: false));
        Assert.True(byLeaks.Zip(byLeaks.Skip(1)).All(p => p.First.LeakDocuments <= p.Second.LeakDocuments));
        foreach (string key in FeatureQuery.SortKeys) Assert.Equal(index.Rows.Count, index.Query(new FeatureQuery(key)).Count);
    }

    [Fact]
    public void Searches_by_id_and_by_top_token()
    {
        var index = Build();
        Assert.Equal([12], index.Query(new FeatureQuery(Search: "#12")).Select(r => r.Feature));
        // Hostile contexts put "<script>…" as the qualifying token: a search for "script" finds exactly those features.
        var hostile = index.Query(new FeatureQuery("id", false, Search: "SCRIPT")).Select(r => r.Feature).ToList();
        var expected = Enumerable.Range(0, fixture.Options.Features).Where(f => SyntheticCatalog.IsHostile(f, fixture.Options)).ToList();
        Assert.Equal(expected, hostile);
        Assert.Empty(index.Query(new FeatureQuery(Search: "no-such-token-anywhere")));
    }

    [Fact]
    public void Filters_by_review_status_through_the_given_lookup()
    {
        var index = Build();
        var statuses = new Dictionary<int, string> { [1] = "confirmed", [11] = "open", [21] = "confirmed" };
        var confirmed = index.Query(new FeatureQuery("id", false, Status: "confirmed"), f => statuses.GetValueOrDefault(f));
        Assert.Equal([1, 21], confirmed.Select(r => r.Feature));
        var none = index.Query(new FeatureQuery(Status: FeatureSummaryIndex.ReviewStatusNone), f => statuses.GetValueOrDefault(f));
        Assert.Equal(fixture.Options.Features - 3, none.Count);
    }

    [Fact]
    public void Previous_and_next_follow_the_view()
    {
        var index = Build();
        var view = new FeatureQuery(Class: FeatureClass.Candidate);
        var rows = index.Query(view);
        var (prev, next, position, total) = index.Neighbours(rows[1].Feature, view);
        Assert.Equal(rows[0].Feature, prev);
        Assert.Equal(rows[2].Feature, next);
        Assert.Equal(2, position);
        Assert.Equal(rows.Count, total);
        Assert.Null(index.Neighbours(rows[0].Feature, view).Previous);
        Assert.Equal(0, index.Neighbours(0, view).Position);   // feature 0 is not a candidate
    }

    [Fact]
    public void Query_round_trips_through_the_url_and_ignores_unknown_values()
    {
        var q = new FeatureQuery("role:Persona(Captain Vex)", false, FeatureClass.OutsideRole, "Captain Vex", "open", "gold");
        var parameters = q.ToQuery();
        var back = FeatureQuery.Parse(name => parameters.TryGetValue(name, out var v) ? v as string : null);
        Assert.Equal(q, back);
        Assert.Equal(FeatureQuery.Default, FeatureQuery.Parse(name => name == "class" ? "bogus" : null));
        Assert.False(new FeatureQuery("../../etc").IsValidSort(["Assistant"]));
        Assert.True(new FeatureQuery("role:Assistant").IsValidSort(["Assistant"]));
    }
}
