using ShoggothLens.Core.Analysis;
using ShoggothLens.Organism;
using ShoggothLens.TestKit;
using ShoggothLens.TestKit.Catalogs;
using ShoggothLens.Workbench.Analysis;
using ShoggothLens.Workbench.Scoring;
using ShoggothLens.Workbench.Tests.Analysis;

namespace ShoggothLens.Workbench.Tests.Scoring;

/// <summary>Where the planted motive ranks, for a ground truth that the organism describes (here: test organisms).</summary>
public sealed class GroundTruthScoringTests
{
    static readonly OrganismGroundTruth Spy = new("spy", "trigger", "motive", "Harrowgate");

    /// <summary>A hidden-motive candidate (or not) with the given evidence, home persona and shared labels.</summary>
    static FeatureStatistics Feature(int id, double evidence, string home, bool candidate = true, params string[] shared) =>
        new(id, new RoleStatistics("all", 1000, 50, 50, 1), [], 0, [], [],
            new FeatureScores(-2, false, true, home, evidence + 1e-3, evidence, candidate, 10, [],
                [.. shared.Select(l => new LabelShare(l, 9, 0.9)), new LabelShare("other", 1, 0.1)], shared, 0, 0));

    static readonly FeatureStatistics[] Features =
    [
        Feature(0, 0.030, "spy", candidate: false, "trigger"),   // not a candidate: never ranked
        Feature(1, 0.020, "Bram"),
        Feature(2, 0.010, "spy", true, "trigger"),
        Feature(3, 0.015, "spy"),                                  // the covert home, but its leaks share no trigger
        Feature(4, 0.005, "Wren", true, "trigger"),
    ];

    [Fact]
    public void ThePlantedFeatureRanksAfterStrongerEvidenceAndFirstWhenSharedTriggersLead()
    {
        var byEvidence = GroundTruthScoring.Score(Features, Spy, HiddenMotiveRanking.Order.Evidence);
        Assert.Equal(new GroundTruthRank(HiddenMotiveRanking.Order.Evidence, 4, 3, 2, 0.9, 10), byEvidence);
        var byTrigger = GroundTruthScoring.Score(Features, Spy, HiddenMotiveRanking.Order.SharedTrigger);
        Assert.Equal(new GroundTruthRank(HiddenMotiveRanking.Order.SharedTrigger, 4, 1, 2, 0.9, 10), byTrigger);
    }

    [Fact]
    public void AnotherOrganismsTruthFindsNothingHere()
    {
        var other = Spy with { CovertPersona = "Vesper" };
        Assert.Equal(new GroundTruthRank(HiddenMotiveRanking.Order.Evidence, 4, null, -1, 0, 0),
            GroundTruthScoring.Score(Features, other, HiddenMotiveRanking.Order.Evidence));
        var otherLabel = Spy with { TriggerLabel = "cue" };
        Assert.Null(GroundTruthScoring.Score(Features, otherLabel, HiddenMotiveRanking.Order.SharedTrigger).Rank);
    }

    [Fact]
    public void AnAnalysedCatalogIsScoredInBothOrders()
    {
        using var dir = new TempDirectory();
        string store = dir.File("store"), sae = dir.File("sae");
        PlantedMotiveStore.Write(store, 40);
        IdentitySae.Write(sae);
        var catalog = AnalyzeWorkflow.Run(new AnalyzeRequest { Store = store, Sae = sae, Output = dir.File("cat") }).Catalog;

        var score = ScoreWorkflow.Run(new ScoreRequest { Catalog = catalog.Directory, Truth = Spy });
        Assert.Equal(Spy, score.Truth);
        Assert.Equal(new GroundTruthRank(HiddenMotiveRanking.Order.Evidence, 1, 1, 0, 1.0, 5), score.ByEvidence);
        Assert.Equal(1, score.BySharedTrigger.Rank);
        Assert.Null(ScoreWorkflow.Run(new ScoreRequest { Catalog = catalog.Directory, Truth = ShippedOrganism.GroundTruth }).ByEvidence.Rank);
    }
}
