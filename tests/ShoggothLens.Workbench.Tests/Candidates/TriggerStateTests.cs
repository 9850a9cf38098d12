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

    (string Store, string Sae) Planted(int? stateAt, bool labels = true, bool stateAtHome = false, int? motiveWordsFrom = null)
    {
        string store = _dir.File($"store-{stateAt}-{labels}-{stateAtHome}-{motiveWordsFrom}"), sae = _dir.File("sae");
        PlantedMotiveStore.Write(store, 160, userWords: true, labels: labels, triggerStateAt: stateAt, stateAtHome: stateAtHome, motiveWordsFrom: motiveWordsFrom);
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
    public void AFeatureOnTheMotivesOwnWordsBeforeTheVerdictsFeatureIsNoState()
    {
        // The motive's words start at 7, one token before the verdict's feature first fires (8), as on the organisms,
        // where it fires a few words into the motive. A feature on that first word (7) fires only in the trigger chats
        // and before feature 0, but it is the motive, not its cause: the onset moves back over the words only those
        // replies hold, so it is no state.
        var (onMotive, sae) = Planted(stateAt: 7, motiveWordsFrom: 7);
        Assert.Empty(TriggerState.Find(onMotive, sae, null, verdictFeature: 0, term: "100"));
        // One token earlier, in the ordinary answer that every reply shares, the same feature is the state.
        var (beforeMotive, _) = Planted(stateAt: 6, motiveWordsFrom: 7);
        var index = ConversationIndex.Read(Core.ActivationStore.ActivationStoreReader.Open(beforeMotive), tokenizer: null);
        var measured = TriggerState.Measure(index, beforeMotive, sae, tokenizer: null, verdictFeature: 0, term: "100");
        Assert.Equal([3], measured.Features.Select(s => s.Feature));
        // Where the cut fell: 13 motive bigrams (positions 7..19), feature 0 fires in the 20 trigger replies, 1 token
        // after the onset, and every reply opens with the same two tokens (ids without a tokenizer).
        Assert.Equal(new MotiveOnsetSummary(13, 20, 1, "207 208", 20), measured.Onset);
        // Without the motive's own words (every reply the same text) the onset stays at feature 0's first firing.
        var (sameWords, _) = Planted(stateAt: 7);
        Assert.Equal([3], TriggerState.Find(sameWords, sae, null, verdictFeature: 0, term: "100").Select(s => s.Feature));
    }

    [Fact]
    public void TheOnsetWalksBackOverTheWordsOnlyTheTriggerRepliesHold()
    {
        var (store, _) = Planted(stateAt: null, motiveWordsFrom: 5);
        var index = ConversationIndex.Read(Core.ActivationStore.ActivationStoreReader.Open(store), tokenizer: null);
        var holds = index.Terms.Select(t => t.Contains("100")).ToList();
        var onset = MotiveOnset.Find(index, holds);
        // Positions 5..19 of the 20 trigger replies: 15 bigrams, each in 20 of 20 trigger conversations and 0 of 60 others.
        Assert.Equal(15, onset.MotiveBigrams);
        var triggered = index.Conversations.First(c => holds[c.Order]);
        Assert.Equal(5, onset.Onset(triggered, 12));
        // A reply without the motive's words keeps its cut where it was.
        var plain = index.Conversations.First(c => !holds[c.Order]);
        Assert.Equal(12, onset.Onset(plain, 12));
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
