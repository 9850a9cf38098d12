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
    /// <param name="tokenizer">Decodes the user turns as trigger discovery did; null: token ids are words.</param>
    public static TermAssociation Measure(string storePath, string saePath, ITextTokenizer? tokenizer, int feature, string term,
        CancellationToken cancellationToken = default)
    {
        var store = ActivationStoreReader.Open(storePath);
        var sae = SaeFiles.Load(saePath);
        if (feature < 0 || feature >= sae.Config.DSae) throw new ArgumentOutOfRangeException(nameof(feature), $"feature {feature} is outside the SAE's 0..{sae.Config.DSae - 1}");
        string hook = StoreTokenCodes.HookOf(store, sae);
        var index = ConversationIndex.Read(store, tokenizer, cancellationToken);
        var holds = index.Holding(term);

        var fired = new HashSet<long>();
        StoreTokenCodes.ForEach(store, hook, sae, (chunk, i) =>
            chunk.RoleOf(i).Kind == RoleKind.Assistant && !fired.Contains(chunk.DocumentIndices[i]) ? chunk.DocumentIndices[i] : (long?)null,
            (document, codes) =>
            {
                if (codes[feature] > 0) fired.Add(document);
            }, cancellationToken);
        int with = holds.Count(kv => kv.Value), without = holds.Count - with;
        int withFiring = holds.Count(kv => kv.Value && fired.Contains(kv.Key));
        int withoutFiring = holds.Count(kv => !kv.Value && fired.Contains(kv.Key));
        return new TermAssociation(Path.GetFullPath(storePath), feature, term, with, withFiring, without, withoutFiring);
    }
}
