using ShoggothLens.Core.ActivationStore;
using ShoggothLens.Core.Analysis.Triggers;
using ShoggothLens.Core.Catalog;
using ShoggothLens.Core.Roles;
using ShoggothLens.Models.Tokenization;
using ShoggothLens.Sae.Formats;
using ShoggothLens.Workbench.Analysis.Torch;

namespace ShoggothLens.Workbench.Candidates;

/// <summary>
/// The SAE features that read a discovered trigger: where the trigger's words stand in the store's user turns (found
/// from token text, never from a label), each feature's mean activation on those tokens against its mean on every other
/// user token; the features with the largest difference, best first. They are what a causal check of the verdict
/// ablates: if the motive follows the trigger through these features, ablating them lowers the triggered motive rate
/// (docs/motive-finding.md: on the shop organism three of them take it from 100 % to 8 %).
/// </summary>
public static class TriggerReaders
{
    /// <summary>Readers reported by default: a handful, so an ablation of them stays a small edit.</summary>
    public const int DefaultCount = 3;

    /// <param name="term">A trigger term as <see cref="TurnTerms"/> writes it: one lower-cased word or two separated by a space.</param>
    /// <param name="tokenizer">Decodes the user turns as the trigger discovery did; null: each token id is a word.</param>
    /// <returns>At most <paramref name="count"/> features whose mean on the term's tokens exceeds their mean elsewhere; empty when the term never occurs.</returns>
    public static IReadOnlyList<TriggerReader> Find(string storePath, string saePath, ITextTokenizer? tokenizer, string term, int count = DefaultCount,
        CancellationToken cancellationToken = default)
    {
        var store = ActivationStoreReader.Open(storePath);
        var sae = SaeFiles.Load(saePath);
        string hook = StoreTokenCodes.HookOf(store, sae);
        var onTerm = TermTokens(store, tokenizer, TurnTerms.Words(term).ToArray(), cancellationToken);
        if (onTerm.Count == 0) return [];

        int features = sae.Config.DSae;
        var sumOn = new double[features];
        var sumElsewhere = new double[features];
        long tokensOn = 0, tokensElsewhere = 0;
        StoreTokenCodes.ForEach(store, hook, sae, (chunk, i) =>
            chunk.RoleOf(i).Kind == RoleKind.User ? onTerm.Contains((chunk.DocumentIndices[i], chunk.Positions[i])) : (bool?)null,
            (on, codes) =>
            {
                var target = on ? sumOn : sumElsewhere;
                if (on) tokensOn++; else tokensElsewhere++;
                for (int f = 0; f < features; f++) target[f] += codes[f];
            }, cancellationToken);
        return Enumerable.Range(0, features)
            .Select(f => new TriggerReader(f, sumOn[f] / tokensOn, tokensElsewhere == 0 ? 0 : sumElsewhere[f] / tokensElsewhere, (int)tokensOn))
            .Where(r => r.MeanOnTrigger > r.MeanElsewhere)
            .OrderByDescending(r => r.MeanOnTrigger - r.MeanElsewhere).ThenBy(r => r.Feature)
            .Take(count)
            .ToList();
    }

    /// <summary>(document, position) of every user token whose text overlaps an occurrence of the term's words.</summary>
    static HashSet<(long Document, int Position)> TermTokens(ActivationStoreReader store, ITextTokenizer? tokenizer, string[] words, CancellationToken cancellationToken)
    {
        var result = new HashSet<(long, int)>();
        if (words.Length == 0) return result;
        var turn = new List<(int Id, int Position)>();
        long document = -1;
        void Close()
        {
            if (turn.Count > 0) Mark(turn, document, tokenizer, words, result);
            turn.Clear();
        }
        foreach (var chunk in store.ReadChunks())
        {
            cancellationToken.ThrowIfCancellationRequested();
            var ids = chunk.TokenIds;
            var docs = chunk.DocumentIndices;
            var positions = chunk.Positions;
            for (int i = 0; i < chunk.Tokens; i++)
            {
                bool user = chunk.RoleOf(i).Kind == RoleKind.User;
                // A turn ends where the role changes or the document does (chunks may split a turn: it continues).
                if (!user || docs[i] != document || (turn.Count > 0 && positions[i] != turn[^1].Position + 1)) Close();
                document = docs[i];
                if (user) turn.Add((ids[i], positions[i]));
            }
        }
        Close();
        return result;
    }

    /// <summary>Decodes one user turn, finds the term's words in a row (as <see cref="TurnTerms"/> splits them), and marks the tokens they overlap.</summary>
    static void Mark(List<(int Id, int Position)> turn, long document, ITextTokenizer? tokenizer, string[] words, HashSet<(long, int)> result)
    {
        // Each token's end in the decoded text: the prefix decoded so far (byte-level pieces decode whole only in context).
        var ends = new int[turn.Count];
        string text;
        if (tokenizer is null)
        {
            var builder = new System.Text.StringBuilder();
            for (int t = 0; t < turn.Count; t++)
            {
                if (t > 0) builder.Append(' ');
                builder.Append(turn[t].Id);
                ends[t] = builder.Length;
            }
            text = builder.ToString();
        }
        else
        {
            var ids = turn.Select(t => t.Id).ToArray();
            for (int t = 0; t < ids.Length; t++) ends[t] = tokenizer.Decode(ids.AsSpan(0, t + 1).ToArray()).Length;
            text = tokenizer.Decode(ids);
        }
        var found = TurnTerms.WordSpans(text);
        for (int w = 0; w + words.Length <= found.Count; w++)
        {
            bool match = true;
            for (int k = 0; k < words.Length && match; k++) match = found[w + k].Word == words[k];
            if (!match) continue;
            int start = found[w].Start, end = found[w + words.Length - 1].End;
            for (int t = 0; t < turn.Count; t++)
            {
                int tokenStart = t == 0 ? 0 : ends[t - 1];
                if (tokenStart < end && ends[t] > start) result.Add((document, turn[t].Position));
            }
        }
    }
}
