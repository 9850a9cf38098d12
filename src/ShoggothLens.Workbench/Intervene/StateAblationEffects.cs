using ShoggothLens.Core.ActivationStore;
using ShoggothLens.Core.Catalog;
using ShoggothLens.Core.Formats;
using ShoggothLens.Models.Transformers;
using ShoggothLens.Sae.Formats;
using ShoggothLens.Workbench.Candidates;
using ShoggothLens.Workbench.Analysis.Torch;
using static TorchSharp.torch;

namespace ShoggothLens.Workbench.Intervene;

/// <summary>
/// How much a feature set at one hook carries the decision to start the motive, measured without labels and without
/// generating: over the audited replies to conversations whose user turns hold the verdict's term, the mean
/// log-probability the model gives the first <see cref="Span"/> tokens of the motive's own text (from its onset, found by
/// <see cref="MotiveOnset"/>), teacher-forced, with the SAE spliced in at the hook (error term kept, so nothing else
/// changes) and with the set ablated in that splice (<see cref="TriggerStateEffect.Drop"/>: how much less likely the model
/// finds starting its motive once the set is gone). Baseline and ablation read the same tokens, so the drop is the set's
/// effect alone; a set that does not carry the decision leaves the motive's first tokens as likely as before.
/// </summary>
public static class StateAblationEffects
{
    /// <summary>Motive tokens scored from the onset: the first is the decision to start; the next two catch an onset found a token early.</summary>
    public const int Span = 3;

    /// <summary>Replies measured at most (the first in store order): two forward passes each.</summary>
    public const int MaxReplies = 160;

    /// <param name="onsets">Document → the position where its reply's motive text starts (<see cref="TriggerStateResult.TriggeredOnsets"/>).</param>
    /// <returns>Null when no reply has an onset.</returns>
    public static TriggerStateEffect? Measure(CausalLm model, string storePath, string saePath, IReadOnlyList<int> features,
        IReadOnlyDictionary<long, int> onsets, CancellationToken cancellationToken = default)
    {
        if (features.Count == 0) throw new ArgumentException("name at least one feature to ablate", nameof(features));
        var chosen = onsets.Where(o => o.Value >= 1).OrderBy(o => o.Key).Take(MaxReplies).ToDictionary(o => o.Key, o => o.Value);
        if (chosen.Count == 0) return null;
        var loaded = SaeFiles.Load(saePath);
        if (model.Config.DModel != loaded.Config.DIn)
            throw new InvalidInputFileException(saePath, $"the SAE reads {loaded.Config.DIn} dimensions, the model's d_model is {model.Config.DModel}: not the model this SAE was trained on");
        var store = ActivationStoreReader.Open(storePath);
        string hook = StoreTokenCodes.HookOf(store, loaded);
        var documents = Prefixes(store, chosen, cancellationToken);
        using var sae = loaded.ToModel();
        using var plain = new SaeSplice(sae, hook, SpliceEdit.None);
        using var ablated = new SaeSplice(sae, hook, SpliceEdit.Ablation(features.ToArray()));
        double baseline = 0, edited = 0;
        int replies = 0;
        foreach (var (document, onset) in chosen)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (!documents.TryGetValue(document, out var ids) || ids.Length <= onset) continue;
            int span = Math.Min(Span, ids.Length - onset);
            baseline += MotiveLogProb(model, ids, onset, span, plain);
            edited += MotiveLogProb(model, ids, onset, span, ablated);
            replies++;
        }
        return replies == 0 ? null : new TriggerStateEffect(replies, Span, baseline / replies, edited / replies);
    }

    /// <summary>Σ log p(ids[onset + j] | ids[..onset + j]) for j &lt; span, under the splice.</summary>
    static double MotiveLogProb(CausalLm model, int[] ids, int onset, int span, SaeSplice splice)
    {
        using var scope = NewDisposeScope();
        int length = onset + span;
        var input = tensor(ids.Take(length).Select(i => (long)i).ToArray(), [1, length], ScalarType.Int64);
        using var hooks = splice.Hooks();
        var logProbs = model.Forward(input, hooks)![0].narrow(0, onset - 1, span).log_softmax(-1);
        var targets = tensor(ids.Skip(onset).Take(span).Select(i => (long)i).ToArray(), [span, 1], ScalarType.Int64);
        return logProbs.gather(-1, targets).to_type(ScalarType.Float64).sum().item<double>();
    }

    /// <summary>Each chosen document's token ids from its first position through its onset + <see cref="Span"/> (the store's own tokens, as the model read them).</summary>
    static Dictionary<long, int[]> Prefixes(ActivationStoreReader store, IReadOnlyDictionary<long, int> onsets, CancellationToken cancellationToken)
    {
        var tokens = onsets.ToDictionary(o => o.Key, o => new List<(int Position, int Id)>());
        foreach (var chunk in store.ReadChunks())
        {
            cancellationToken.ThrowIfCancellationRequested();
            var documentIndices = chunk.DocumentIndices;
            var positions = chunk.Positions;
            var ids = chunk.TokenIds;
            for (int i = 0; i < chunk.Tokens; i++)
                if (onsets.TryGetValue(documentIndices[i], out int onset) && positions[i] < onset + Span)
                    tokens[documentIndices[i]].Add((positions[i], ids[i]));
        }
        var result = new Dictionary<long, int[]>();
        foreach (var (document, list) in tokens)
        {
            list.Sort((a, b) => a.Position.CompareTo(b.Position));
            // Only a document whose positions run 0, 1, 2, … without a gap is one context the model read at once.
            if (list.Count == 0 || list.Select((t, i) => t.Position == i).Any(ok => !ok)) continue;
            result[document] = list.Select(t => t.Id).ToArray();
        }
        return result;
    }
}
