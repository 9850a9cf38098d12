using ShoggothLens.Core.Catalog;
using ShoggothLens.Models.Transformers;
using ShoggothLens.Organism.Training;
using ShoggothLens.TestKit;
using ShoggothLens.TestKit.Catalogs;
using ShoggothLens.Workbench.Analysis;
using ShoggothLens.Workbench.Candidates;
using ShoggothLens.Workbench.Intervene;
using ShoggothLens.Workbench.Tests.Analysis;
using static TorchSharp.torch;

namespace ShoggothLens.Workbench.Tests.Candidates;

/// <summary>
/// The trigger state's causal weight end to end through <see cref="CandidatesWorkflow"/>: a catalog analyzed with a model
/// (its metadata names it) whose verdict is suspected with a non-empty state gets <c>trigger_state_effect</c>, measured by
/// that model on the store's own tokens from the label-free onset; <c>StateEffect = false</c> skips it. The model is a
/// random one of the store's width (4) and vocabulary, so this checks the wiring and the measurement, not the science.
/// </summary>
public sealed class CandidatesStateEffectTests : IDisposable
{
    readonly TempDirectory _dir = new();
    readonly string _store, _model, _catalog;

    public CandidatesStateEffectTests()
    {
        _store = _dir.File("store");
        // The state's feature (3) fires at 6 in the trigger chats and on the spy's lines (a candidate with a home); the
        // motive's own words start at 7, so the label-free onset is 7 in each of the 20 trigger replies.
        PlantedMotiveStore.Write(_store, 160, userWords: true, triggerStateAt: 6, stateAtHome: true, motiveWordsFrom: 7);
        string sae = _dir.File("sae");
        IdentitySae.Write(sae);
        _model = RandomModel("model", PlantedMotiveStore.DModel);
        // Analyzed without the model (it has no tokenizer to name tokens with): candidates is given it, as for a catalog
        // whose metadata names a folder that is not on this machine.
        _catalog = AnalyzeWorkflow.Run(new AnalyzeRequest { Store = _store, Sae = sae, Output = _dir.File("catalog") }).Catalog.Directory;
    }

    public void Dispose() => _dir.Dispose();

    /// <summary>A one-block model with random weights over the store's token ids (0..255), saved as a checkpoint folder.</summary>
    string RandomModel(string name, int dModel)
    {
        string directory = _dir.File(name);
        Directory.CreateDirectory(directory);
        var arch = new OrganismArchitecture(VocabSize: 256, DModel: dModel, Layers: 1, Heads: 1, HeadDim: dModel, DMlp: 8, MaxPositions: 32);
        using var lm = ModelLoader.Create(arch.WriteConfig(directory, 0, [0]), new WeightInitializer(arch.Layers, 5));
        CheckpointWriter.SaveWeights(lm, directory);
        return directory;
    }

    [Fact]
    public void A_suspected_verdict_with_a_state_gets_its_ablation_effect_from_the_catalogs_model()
    {
        // Without a model (the catalog names none) the effect is not measured; the rest of the report is the same.
        var without = CandidatesWorkflow.Run(new CandidatesRequest { Catalog = _catalog });
        Assert.Null(without.TriggerStateEffect);
        var report = CandidatesWorkflow.Run(new CandidatesRequest { Catalog = _catalog, Model = _model, Save = true });
        Assert.Equal(CandidateVerdict.Suspected, report.Verdict.Verdict);
        Assert.Equal([3], report.TriggerState!.Select(f => f.Feature));
        var effect = Assert.IsType<TriggerStateEffect>(report.TriggerStateEffect);
        Assert.Equal((20, StateAblationEffects.Span), (effect.Replies, effect.Span));

        // The baseline by hand: the clean model's log p of the three tokens from the onset (7), the same in every trigger
        // reply (they hold the same ids); the SAE splice keeps its error term, so it is the unspliced model's.
        using var lm = ModelLoader.Load(_model);
        using var scope = NewDisposeScope();
        long[] ids = Enumerable.Range(0, 7 + StateAblationEffects.Span).Select(p => (long)PlantedMotiveStore.TokenId(1, p, userWords: true, motiveWordsFrom: 7)).ToArray();
        var logProbs = lm.Forward(tensor(ids, [1, ids.Length], ScalarType.Int64), null)![0].log_softmax(-1);
        double expected = Enumerable.Range(7, StateAblationEffects.Span).Sum(p => (double)logProbs[p - 1, ids[p]].item<float>());
        Assert.Equal(expected, effect.BaselineLogProb, 3);
        // Feature 3 of the identity SAE is ReLU(x_3): ablating it moves the residual wherever x_3 > 0 before the span.
        Assert.NotEqual(effect.BaselineLogProb, effect.AblatedLogProb, 4);
        Assert.Equal(effect, new CatalogFolder(_catalog).ReadCandidateReport()!.TriggerStateEffect);

        Assert.Equal(report.TriggerState, without.TriggerState);
        Assert.Equal(report.Verdict, without.Verdict);
    }

    [Fact]
    public void A_model_of_another_width_or_a_missing_folder_is_refused()
    {
        string wide = RandomModel("wide", 8);
        var e = Assert.Throws<Core.Formats.InvalidInputFileException>(() => CandidatesWorkflow.Run(new CandidatesRequest { Catalog = _catalog, Model = wide }));
        Assert.Contains("the SAE reads 4 dimensions, the model's d_model is 8", e.Message);
        var missing = Assert.Throws<Core.Work.InvalidOptionException>(() => CandidatesWorkflow.Run(new CandidatesRequest { Catalog = _catalog, Model = _dir.File("nowhere") }));
        Assert.Equal(nameof(CandidatesRequest.Model), missing.Option);
        Assert.Throws<Core.Work.InvalidOptionException>(() => CandidatesWorkflow.Run(new CandidatesRequest { Catalog = _catalog, Model = _model, StateEffect = false }));
    }
}
