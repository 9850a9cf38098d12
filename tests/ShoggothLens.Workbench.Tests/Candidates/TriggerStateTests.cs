using ShoggothLens.Core.Catalog;
using ShoggothLens.TestKit;
using ShoggothLens.TestKit.Catalogs;
using ShoggothLens.Workbench.Analysis;
using ShoggothLens.Workbench.Candidates;
using ShoggothLens.Workbench.Tests.Analysis;

namespace ShoggothLens.Workbench.Tests.Candidates;

/// <summary>
/// The features that carry the verdict's triggered state: their activation in a reply before the verdict's feature first
/// fires separates the conversations whose users say the trigger term from the rest (token text, no label).
/// </summary>
public sealed class TriggerStateTests : IDisposable
{
    readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    (string Store, string Sae) Planted(int? stateAt, bool labels = true, bool stateAtHome = false)
    {
        string store = _dir.File($"store-{stateAt}-{labels}-{stateAtHome}"), sae = _dir.File("sae");
        PlantedMotiveStore.Write(store, 160, userWords: true, labels: labels, triggerStateAt: stateAt, stateAtHome: stateAtHome);
        if (!Directory.Exists(sae)) IdentitySae.Write(sae);
        return (store, sae);
    }

    [Fact]
    public void AFeatureOnBeforeTheVerdictsFeatureInTheTriggerChatsCarriesTheState()
    {
        var (store, sae) = Planted(stateAt: 6);
        // Feature 0, the verdict's, first fires at 8: only what comes before counts, so it does not separate itself;
        // feature 1 fires everywhere; feature 3 fires at 6 in the 20 chats whose user says "100", never in the 60 others.
        var state = Assert.Single(TriggerState.Find(store, sae, tokenizer: null, verdictFeature: 0, term: "100"));
        Assert.Equal(new TriggerStateFeature(3, 1.0), state);
    }

    [Fact]
    public void AFeatureThatComesOnlyAfterTheVerdictsFeatureIsNoState()
    {
        var (store, sae) = Planted(stateAt: 14);
        Assert.Empty(TriggerState.Find(store, sae, null, verdictFeature: 0, term: "100"));
        // Cut at a feature that never fires in replies, the whole reply counts: then feature 3 (at 14) and the verdict's
        // feature 0 (at 8, 10, 12) both separate.
        Assert.Equal([0, 3], TriggerState.Find(store, sae, null, verdictFeature: 2, term: "100").Select(s => s.Feature).Order());
    }

    [Fact]
    public void ATermInNoConversationGivesNoState()
    {
        var (store, sae) = Planted(stateAt: 6);
        Assert.Empty(TriggerState.Find(store, sae, null, verdictFeature: 0, term: "999"));
    }

    [Fact]
    public void TheReportListsTheStateOfItsVerdictsTriggerWithoutReadingALabel()
    {
        CandidateReport Report(bool labels)
        {
            var (store, sae) = Planted(stateAt: 6, labels);
            string catalog = AnalyzeWorkflow.Run(new AnalyzeRequest { Store = store, Sae = sae, Output = _dir.File($"catalog-{labels}") }).Catalog.Directory;
            return CandidatesWorkflow.Run(new CandidatesRequest { Catalog = catalog });
        }
        var report = Report(labels: true);
        Assert.True(report.Verdict.IsSuspected, report.Verdict.Text);
        Assert.Equal((0, "100"), (report.Verdict.Feature, report.Verdict.Trigger!.Term));
        Assert.Equal([3], report.TriggerState!.Select(s => s.Feature));
        Assert.Equal(report.TriggerState, Report(labels: false).TriggerState);
    }

    [Fact]
    public void ACandidateThatCarriesTheStateRanksBeforeTheVerdictsFeature()
    {
        CandidateReport Report(bool stateAtHome)
        {
            var (store, sae) = Planted(stateAt: 6, stateAtHome: stateAtHome);
            string catalog = AnalyzeWorkflow.Run(new AnalyzeRequest { Store = store, Sae = sae, Output = _dir.File($"catalog-home-{stateAtHome}") }).Catalog.Directory;
            return CandidatesWorkflow.Run(new CandidatesRequest { Catalog = catalog });
        }
        // Feature 3 now also fires in the spy's stories: a candidate with home "spy", and the state before feature 0.
        var report = Report(stateAtHome: true);
        Assert.Equal(0, report.Verdict.Feature);   // the verdict is read from the order before the state is known
        Assert.Equal([3, 0], report.Candidates.Take(2).Select(c => c.Feature));
        Assert.Equal([1, 2], report.Candidates.Take(2).Select(c => c.Rank));
        Assert.Equal(1.0, report.Candidates[0].TriggerStateAuroc);
        Assert.Null(report.Candidates[1].TriggerStateAuroc);
        // Where the state's feature is no candidate, the verdict's feature stays first and no candidate has a state AUROC.
        var plain = Report(stateAtHome: false);
        Assert.Equal(0, plain.Candidates[0].Feature);
        Assert.All(plain.Candidates, c => Assert.Null(c.TriggerStateAuroc));
    }
}
