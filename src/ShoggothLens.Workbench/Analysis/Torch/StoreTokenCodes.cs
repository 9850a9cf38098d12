using ShoggothLens.Core.ActivationStore;
using ShoggothLens.Sae.Formats;

namespace ShoggothLens.Workbench.Analysis.Torch;

/// <summary>
/// Encodes chosen tokens of an activation store through an SAE in batches and hands each token's codes on: the one loop
/// behind the passes that need codes for a subset of tokens (ground-truth separation, trigger readers, associations).
/// </summary>
static class StoreTokenCodes
{
    /// <summary>The store hook an SAE reads: the one its cfg names when the store has it, else the store's first (a store of
    /// one hook may come with an SAE whose cfg names none).</summary>
    public static string HookOf(ActivationStoreReader store, LoadedSae sae) =>
        sae.Config.HookName is { Length: > 0 } h && store.Hooks.Contains(h) ? h : store.Hooks[0];

    /// <param name="select">For token <c>i</c> of a chunk: a tag to encode it under, or null to skip it (activations are
    /// read only for chunks with a selected token).</param>
    /// <param name="use">Called with each selected token's tag and its codes (length = the SAE's width), in store order.</param>
    /// <param name="batch">Tokens encoded per SAE call.</param>
    public static void ForEach<T>(ActivationStoreReader store, string hook, LoadedSae sae, Func<ActivationChunk, int, T?> select,
        Action<T, ReadOnlySpan<float>> use, CancellationToken cancellationToken, int batch = 256) where T : struct
    {
        int features = sae.Config.DSae, dIn = sae.Config.DIn;
        using var model = sae.ToModel();
        var encode = TorchSaeEncoder.For(model);
        var inputs = new float[batch * dIn];
        var codes = new float[batch * features];
        var tags = new T[batch];
        int pending = 0;
        void Flush()
        {
            if (pending == 0) return;
            encode(inputs.AsSpan(0, pending * dIn), pending, codes.AsSpan(0, pending * features));
            for (int t = 0; t < pending; t++) use(tags[t], codes.AsSpan(t * features, features));
            pending = 0;
        }
        int hookIndex = store.HookIndex(hook);
        foreach (var chunk in store.ReadChunks())
        {
            cancellationToken.ThrowIfCancellationRequested();
            float[]? activations = null;
            for (int i = 0; i < chunk.Tokens; i++)
            {
                if (select(chunk, i) is not T tag) continue;
                activations ??= chunk.ReadActivations(hookIndex);
                Array.Copy(activations, (long)i * dIn, inputs, (long)pending * dIn, dIn);
                tags[pending++] = tag;
                if (pending == batch) Flush();
            }
            Flush();
        }
    }
}
