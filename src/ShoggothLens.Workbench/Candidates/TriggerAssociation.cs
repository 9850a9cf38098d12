using ShoggothLens.Core.ActivationStore;
using ShoggothLens.Core.Catalog;
using ShoggothLens.Core.Roles;
using ShoggothLens.Models.Tokenization;
using ShoggothLens.Sae.Formats;
using ShoggothLens.Workbench.Analysis.Torch;

namespace ShoggothLens.Workbench.Candidates;

/// <summary>
/// How often one feature fires in the Assistant replies of conversations whose user turns hold a term, and of those that
/// do not, in any store the SAE reads. Run on the base checkpoint's own replies (harvested through the audited model), it
/// says whether a verdict's association is new: a motive the post-trained Assistant learned is absent from the base
/// model's answers to the same prompts, where a feature that follows a task's content ("capital" → an answer about
/// capitals) fires there too.
/// </summary>
public static class TriggerAssociation
{
    const int Batch = 256;

    /// <param name="tokenizer">Decodes the user turns as trigger discovery did; null: token ids are words.</param>
    public static TermAssociation Measure(string storePath, string saePath, ITextTokenizer? tokenizer, int feature, string term,
        CancellationToken cancellationToken = default)
    {
        var store = ActivationStoreReader.Open(storePath);
        var sae = SaeFiles.Load(saePath);
        if (feature < 0 || feature >= sae.Config.DSae) throw new ArgumentOutOfRangeException(nameof(feature), $"feature {feature} is outside the SAE's 0..{sae.Config.DSae - 1}");
        string hook = sae.Config.HookName is { Length: > 0 } h && store.Hooks.Contains(h) ? h : store.Hooks[0];
        var index = ConversationIndex.Read(store, tokenizer, cancellationToken);
        var holds = new Dictionary<long, bool>();
        for (int i = 0; i < index.Conversations.Count; i++) holds[index.Conversations[i].Document] = index.Terms[i].Contains(term);

        int features = sae.Config.DSae, dIn = sae.Config.DIn;
        var fired = new HashSet<long>();
        using var model = sae.ToModel();
        var encode = TorchSaeEncoder.For(model);
        var inputs = new float[Batch * dIn];
        var codes = new float[Batch * features];
        var documents = new long[Batch];
        int pending = 0;
        void Flush()
        {
            if (pending == 0) return;
            encode(inputs.AsSpan(0, pending * dIn), pending, codes.AsSpan(0, pending * features));
            for (int t = 0; t < pending; t++)
                if (codes[t * features + feature] > 0) fired.Add(documents[t]);
            pending = 0;
        }
        int hookIndex = store.HookIndex(hook);
        foreach (var chunk in store.ReadChunks())
        {
            cancellationToken.ThrowIfCancellationRequested();
            var docs = chunk.DocumentIndices;
            float[]? activations = null;
            for (int i = 0; i < chunk.Tokens; i++)
            {
                if (chunk.RoleOf(i).Kind != RoleKind.Assistant || fired.Contains(docs[i])) continue;
                activations ??= chunk.ReadActivations(hookIndex);
                Array.Copy(activations, (long)i * dIn, inputs, (long)pending * dIn, dIn);
                documents[pending++] = docs[i];
                if (pending == Batch) Flush();
            }
            Flush();
        }
        int with = holds.Count(kv => kv.Value), without = holds.Count - with;
        int withFiring = holds.Count(kv => kv.Value && fired.Contains(kv.Key));
        int withoutFiring = holds.Count(kv => !kv.Value && fired.Contains(kv.Key));
        return new TermAssociation(Path.GetFullPath(storePath), feature, term, with, withFiring, without, withoutFiring);
    }
}
