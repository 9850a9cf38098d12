using ShoggothLens.Core.Catalog;
using ShoggothLens.TestKit;
using ShoggothLens.TestKit.Catalogs;
using ShoggothLens.Workbench.Analysis;
using ShoggothLens.Workbench.Candidates;
using ShoggothLens.Workbench.Tests.Analysis;

namespace ShoggothLens.Workbench.Tests.Candidates;

/// <summary>
/// The features that read a trigger: found where the trigger's words stand in user turns (token text, no label), by
/// their mean activation there against every other user token; the candidate report lists them under a "suspected" verdict.
/// </summary>
public sealed class TriggerReadersTests : IDisposable
{
    readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    (string Store, string Sae) Planted(bool triggerReader, bool labels = true)
    {
        string store = _dir.File($"store-{triggerReader}-{labels}"), sae = _dir.File("sae");
        PlantedMotiveStore.Write(store, 160, userWords: true, labels: labels, triggerReader: triggerReader);
        if (!Directory.Exists(sae)) IdentitySae.Write(sae);
        return (store, sae);
    }

    [Fact]
    public void TheFeatureActiveOnTheTriggerWordIsItsReader()
    {
        var (store, sae) = Planted(triggerReader: true);
        var readers = TriggerReaders.Find(store, sae, tokenizer: null, PlantedMotiveStore.TriggerToken.ToString(), count: 3);
        var reader = Assert.Single(readers);                     // dims 1 and 3 are the same on every user token: no reader
        Assert.Equal(2, reader.Feature);
        Assert.Equal(3, reader.MeanOnTrigger, 6);
        Assert.Equal(0, reader.MeanElsewhere, 6);
        Assert.Equal(20, reader.TriggerTokens);                  // documents 1, 9, 17, …, 153 of 160 say it once each
    }

    [Fact]
    public void AWordNobodySaysHasNoReaders()
    {
        var (store, sae) = Planted(triggerReader: true);
        Assert.Empty(TriggerReaders.Find(store, sae, null, "999"));
        Assert.Empty(TriggerReaders.Find(store, sae, null, "100 999"));   // a bigram must match in a row
    }

    [Fact]
    public void TheReportListsTheReadersOfItsVerdictsTriggerWithoutReadingALabel()
    {
        CandidateReport Report(bool labels)
        {
            var (store, sae) = Planted(triggerReader: true, labels);
            string catalog = AnalyzeWorkflow.Run(new AnalyzeRequest { Store = store, Sae = sae, Output = _dir.File($"catalog-{labels}") }).Catalog.Directory;
            return CandidatesWorkflow.Run(new CandidatesRequest { Catalog = catalog });
        }
        var report = Report(labels: true);
        Assert.True(report.Verdict.IsSuspected, report.Verdict.Text);
        Assert.Equal("100", report.Verdict.Trigger!.Term);
        Assert.Equal([2], report.TriggerReaders!.Select(r => r.Feature));
        // The same store without its labels gives the same readers.
        Assert.Equal(report.TriggerReaders, Report(labels: false).TriggerReaders);
    }

    [Fact]
    public void TheVerdictsAssociationIsCountedInTheAuditedStoreAndInABaseStoreWhereItIsAbsent()
    {
        var (store, sae) = Planted(triggerReader: false);
        string baseStore = _dir.File("base-store");
        PlantedMotiveStore.Write(baseStore, 160, leaks: false, userWords: true);   // the same prompts; feature 0 never fires in replies
        Assert.Equal(new TermAssociation(Path.GetFullPath(baseStore), 0, "100", 20, 0, 60, 0), TriggerAssociation.Measure(baseStore, sae, null, 0, "100"));

        string catalog = AnalyzeWorkflow.Run(new AnalyzeRequest { Store = store, Sae = sae, Output = _dir.File("assoc-catalog") }).Catalog.Directory;
        var report = CandidatesWorkflow.Run(new CandidatesRequest { Catalog = catalog, AssociationStores = [baseStore] });
        Assert.Equal(0, report.Verdict.Feature);
        Assert.Equal(2, report.Associations!.Count);
        var audited = report.Associations[0];
        Assert.Equal((20, 20, 60, 0), (audited.WithTerm, audited.WithTermFiring, audited.WithoutTerm, audited.WithoutTermFiring));
        Assert.Equal(1.0, audited.Selectivity);
        Assert.Equal(0.0, report.Associations[1].Selectivity);
    }
}
