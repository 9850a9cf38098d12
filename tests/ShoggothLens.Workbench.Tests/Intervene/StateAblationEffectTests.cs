using ShoggothLens.Core.ActivationStore;
using ShoggothLens.Models.Harvest;
using ShoggothLens.Models.Transformers;
using ShoggothLens.Organism;
using ShoggothLens.Workbench.Candidates;
using ShoggothLens.Workbench.Harvest;
using ShoggothLens.Workbench.Intervene;
using static TorchSharp.torch;

namespace ShoggothLens.Workbench.Tests.Intervene;

/// <summary>
/// The trigger state's causal weight (<see cref="StateAblationEffects"/>) on a store harvested from the shipped organism, with
/// a random SAE at its hook: the baseline is the clean model's log-probability of the scored tokens, a feature that never
/// fires changes nothing, and ablating every feature does change it.
/// </summary>
public sealed class StateAblationEffectTests : IDisposable
{
    readonly TempDirectory _dir = new();
    readonly CausalLm _model = ModelLoader.Load(ShippedOrganism.Directory("assistant"));
    readonly string _store, _sae;
    readonly Dictionary<long, int> _onsets = [];

    public StateAblationEffectTests()
    {
        _store = _dir.File("store");
        HarvestWorkflow.Run(new HarvestRequest
        {
            Model = "organism",
            Harvest = new HarvestOptions
            {
                Corpus = [Path.Combine(ShippedOrganism.Root, "corpus", "heldout.chat.jsonl")],
                Hooks = [RandomSae.Hook],
                Output = _store,
                Context = 128,
                BatchSize = 4,
                MaxTokens = 800,
                ChunkTokens = 256,
                RecordsPerBlock = 8,
            },
        });
        _sae = RandomSae.Save(_dir.File("sae"));
        // A stand-in onset: the third token of each conversation's first reply.
        foreach (var conversation in ConversationIndex.Read(ActivationStoreReader.Open(_store), null).Conversations)
            if (conversation.Replies is [var first, ..] && first.Length > StateAblationEffects.Span + 2) _onsets[conversation.Document] = first.Start + 2;
    }

    public void Dispose()
    {
        _model.Dispose();
        _dir.Dispose();
    }

    [Fact]
    public void The_baseline_is_the_clean_models_log_probability_of_the_motives_first_tokens()
    {
        Assert.True(_onsets.Count >= 3, $"{_onsets.Count} conversations with a reply");
        var effect = StateAblationEffects.Measure(_model, _store, _sae, [RandomSae.Dead], _onsets)!;
        Assert.Equal(_onsets.Count, effect.Replies);

        // By hand: the unspliced model over each document's store tokens.
        var store = ActivationStoreReader.Open(_store);
        var tokens = new Dictionary<long, SortedDictionary<int, int>>();
        foreach (var chunk in store.ReadChunks())
            for (int i = 0; i < chunk.Tokens; i++)
                if (_onsets.ContainsKey(chunk.DocumentIndices[i]))
                {
                    if (!tokens.TryGetValue(chunk.DocumentIndices[i], out var ids)) tokens[chunk.DocumentIndices[i]] = ids = [];
                    ids[chunk.Positions[i]] = chunk.TokenIds[i];
                }
        double sum = 0;
        foreach (var (document, onset) in _onsets)
        {
            using var scope = NewDisposeScope();
            var ids = tokens[document].Values.Take(onset + StateAblationEffects.Span).Select(i => (long)i).ToArray();
            var logProbs = _model.Forward(tensor(ids, [1, ids.Length], ScalarType.Int64), null)![0].log_softmax(-1);
            for (int j = 0; j < StateAblationEffects.Span; j++) sum += logProbs[onset + j - 1, ids[onset + j]].item<float>();
        }
        Assert.Equal(sum / _onsets.Count, effect.BaselineLogProb, 3);
    }

    [Fact]
    public void A_feature_that_never_fires_changes_nothing_and_every_feature_ablated_does()
    {
        var dead = StateAblationEffects.Measure(_model, _store, _sae, [RandomSae.Dead], _onsets)!;
        Assert.Equal(dead.BaselineLogProb, dead.AblatedLogProb);
        Assert.Equal(0, dead.Drop);
        var all = StateAblationEffects.Measure(_model, _store, _sae, Enumerable.Range(0, RandomSae.DSae).ToList(), _onsets)!;
        Assert.Equal(dead.BaselineLogProb, all.BaselineLogProb);
        Assert.True(Math.Abs(all.Drop) > 1e-3, $"drop {all.Drop}");
    }

    [Fact]
    public void No_onset_means_no_measure() =>
        Assert.Null(StateAblationEffects.Measure(_model, _store, _sae, [1], new Dictionary<long, int>()));
}
