using ShoggothLens.Core.ActivationStore;
using ShoggothLens.Core.Analysis.Separation;
using ShoggothLens.Core.Catalog;
using ShoggothLens.Core.Roles;
using ShoggothLens.Models.Tokenization;
using ShoggothLens.Sae.Formats;
using ShoggothLens.Workbench.Analysis.Torch;

namespace ShoggothLens.Workbench.Candidates;

/// <summary>
/// The features that carry a suspected motive's triggered state, found without labels. The verdict names a feature V
/// that fires in replies when users mention a term T; V fires on the motive itself, so the state that causes it must be
/// present earlier. For every feature f, each Assistant reply's score is f's largest activation over the reply's tokens
/// <em>before the motive's onset</em>: V's first firing, moved back over the reply text that is over-represented where
/// users say T (<see cref="MotiveOnset"/>; the whole reply when V never fires), and f's separation is the AUROC of the
/// conversations whose user turns hold T against the others. Features at or above <see cref="Threshold"/> form the set,
/// best first: the verdict's second causal check ablates them together. It mirrors the ground truth's separating set
/// (Scoring/MotiveSeparation) with the discovered trigger for the label and the onset for the motive's start;
/// on the shipped organism no single feature's ablation lowers the motive but these together halve it
/// (docs/motive-finding.md).
/// </summary>
public static class TriggerState
{
    /// <summary>The AUROC from which a feature joins the set (the ground truth's threshold).</summary>
    public const double Threshold = 0.8;

    /// <summary>At most this many features, the best separating ones.</summary>
    public const int MaxFeatures = 32;

    /// <summary>Conversations × features kept in memory at most (a float each).</summary>
    public const long MaxCells = 1L << 27;

    /// <param name="verdictFeature">The verdict's feature V.</param>
    /// <param name="term">The verdict's trigger term, as <see cref="Core.Analysis.Triggers.TurnTerms"/> writes it.</param>
    /// <param name="tokenizer">Decodes the user turns as trigger discovery did; null: token ids are words.</param>
    /// <returns>Empty when the term is in every reply's conversation or in none, or the store is too large to hold.</returns>
    public static IReadOnlyList<TriggerStateFeature> Find(string storePath, string saePath, ITextTokenizer? tokenizer, int verdictFeature, string term,
        CancellationToken cancellationToken = default) =>
        Measure(ConversationIndex.Read(ActivationStoreReader.Open(storePath), tokenizer, cancellationToken), storePath, saePath, tokenizer, verdictFeature, term, cancellationToken).Features;

    /// <summary>The trigger state and where its cut fell (<see cref="MotiveOnsetSummary"/>).</summary>
    /// <param name="index">The store's conversations and their user-turn terms, as trigger discovery read them (read once).</param>
    /// <param name="tokenizer">Decodes the motive's opening for the summary; null: token ids.</param>
    public static TriggerStateResult Measure(ConversationIndex index, string storePath, string saePath, ITextTokenizer? tokenizer, int verdictFeature, string term,
        CancellationToken cancellationToken = default)
    {
        var store = ActivationStoreReader.Open(storePath);
        var sae = SaeFiles.Load(saePath);
        int features = sae.Config.DSae;
        if (verdictFeature < 0 || verdictFeature >= features) throw new ArgumentOutOfRangeException(nameof(verdictFeature), $"feature {verdictFeature} is outside the SAE's 0..{features - 1}");
        string hook = StoreTokenCodes.HookOf(store, sae);
        var holds = index.Holding(term);

        // Pass 1: where V first fires in each reply.
        var firstFiring = FirstFirings(store, hook, sae, verdictFeature, holds, cancellationToken);

        var order = holds.Keys.Order().ToList();
        int with = order.Count(d => holds[d]);
        if (with == 0 || with == order.Count || (long)order.Count * features > MaxCells) return new([], null);
        // V first fires a few tokens into the motive: move each cut back to where the motive's text starts.
        var onset = MotiveOnset.Find(index, index.Conversations.Select(c => holds[c.Document]).ToList());
        var cut = firstFiring.ToDictionary(f => f.Key, f => onset.Onset(index.Of(f.Key)!, f.Value));
        var summary = Summarize(index, onset, firstFiring, cut, tokenizer);
        var row = order.Select((d, i) => (d, i)).ToDictionary(x => x.d, x => x.i);
        var best = new float[(long)order.Count * features];
        // Pass 2: each feature's largest activation over each reply's tokens before the motive's onset.
        StoreTokenCodes.ForEach(store, hook, sae, (chunk, i) =>
            chunk.RoleOf(i).Kind == RoleKind.Assistant && row.TryGetValue(chunk.DocumentIndices[i], out int r)
            && chunk.Positions[i] < (cut.TryGetValue(chunk.DocumentIndices[i], out int at) ? at : int.MaxValue) ? r : (int?)null,
            (r, codes) =>
            {
                var target = best.AsSpan(r * features, features);
                for (int f = 0; f < features; f++)
                    if (codes[f] > target[f]) target[f] = codes[f];
            }, cancellationToken);

        var positive = new float[with];
        var negative = new float[order.Count - with];
        var found = new List<TriggerStateFeature>();
        for (int f = 0; f < features; f++)
        {
            int p = 0, n = 0;
            for (int i = 0; i < order.Count; i++)
            {
                float score = best[(long)i * features + f];
                if (holds[order[i]]) positive[p++] = score; else negative[n++] = score;
            }
            double auroc = Auroc.Of(positive, negative);
            if (auroc >= Threshold) found.Add(new TriggerStateFeature(f, auroc));
        }
        var state = found.OrderByDescending(x => x.Auroc).ThenBy(x => x.Feature).Take(MaxFeatures).ToList();
        return new(state, state.Count > 0 ? summary : null, cut.Where(c => holds[c.Key]).ToDictionary(c => c.Key, c => c.Value));
    }

    /// <summary>The position where <paramref name="feature"/> first fires in each Assistant reply of the documents in <paramref name="documents"/>.</summary>
    static Dictionary<long, int> FirstFirings(ActivationStoreReader store, string hook, LoadedSae sae, int feature, IReadOnlyDictionary<long, bool> documents,
        CancellationToken cancellationToken)
    {
        var firstFiring = new Dictionary<long, int>();
        StoreTokenCodes.ForEach(store, hook, sae, (chunk, i) =>
            chunk.RoleOf(i).Kind == RoleKind.Assistant && documents.ContainsKey(chunk.DocumentIndices[i]) ? (chunk.DocumentIndices[i], chunk.Positions[i]) : ((long, int)?)null,
            (token, codes) =>
            {
                if (codes[feature] > 0 && (!firstFiring.TryGetValue(token.Item1, out int at) || token.Item2 < at)) firstFiring[token.Item1] = token.Item2;
            }, cancellationToken);
        return firstFiring;
    }

    static MotiveOnsetSummary? Summarize(ConversationIndex index, MotiveOnset onset, Dictionary<long, int> firstFiring, Dictionary<long, int> cut, ITextTokenizer? tokenizer)
    {
        if (firstFiring.Count == 0) return null;
        double median = SortedMedian.Of(firstFiring.Select(f => (double)(f.Value - cut[f.Key])).Order().ToList());
        // The commonest span from the onset through the feature's first firing, by token ids.
        var spans = new Dictionary<string, (int[] Ids, int Count)>(StringComparer.Ordinal);
        foreach (var (document, at) in firstFiring)
        {
            var conversation = index.Of(document)!;
            int r = conversation.ReplyIndexAt(at);
            if (r < 0) continue;
            int start = conversation.Replies[r].Start;
            var ids = conversation.ReplyTokens[r][(cut[document] - start)..(at - start + 1)];
            string key = string.Join(' ', ids);
            spans[key] = spans.TryGetValue(key, out var seen) ? (seen.Ids, seen.Count + 1) : (ids, 1);
        }
        var commonest = spans.OrderByDescending(s => s.Value.Count).ThenBy(s => s.Key, StringComparer.Ordinal).First().Value;
        string text = tokenizer is null ? string.Join(' ', commonest.Ids) : tokenizer.Decode(commonest.Ids);
        return new MotiveOnsetSummary(onset.MotiveBigrams, firstFiring.Count, median, text, commonest.Count);
    }
}

/// <summary>The verdict's trigger state and where its cut fell (null when the state is empty).</summary>
/// <param name="TriggeredOnsets">Document → the motive's onset in each reply to a conversation holding the term in which the
/// verdict's feature fires (what <c>Intervene/StateAblationEffects</c> scores); null or empty when none was measured.</param>
public sealed record TriggerStateResult(IReadOnlyList<TriggerStateFeature> Features, MotiveOnsetSummary? Onset,
    IReadOnlyDictionary<long, int>? TriggeredOnsets = null);
