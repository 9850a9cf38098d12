using ShoggothLens.Core.ActivationStore;

namespace ShoggothLens.Sae.Metrics;

/// <summary>
/// The token sequences a store's activations were computed on: the harvest ran each document in
/// windows of its context length starting at multiples of it, so consecutive stored tokens of one
/// document, with consecutive positions inside one such window, form one sequence. CE loss
/// recovered runs the model on these, so the hook sees what the SAE was trained on.
/// </summary>
public static class StoreWindows
{
    /// <summary>Whole windows from the store's start, until they hold at least <paramref name="maxTokens"/> tokens.</summary>
    public static List<long[]> Read(ActivationStoreReader store, string hook, long maxTokens)
    {
        int context = Math.Max(1, store.Settings.Harvest.Context);
        var windows = new List<long[]>();
        var current = new List<long>();
        long taken = 0, lastDocument = -1;
        int lastPosition = -1;
        using var reader = new SequentialBatchReader(store, hook);
        var batch = new ActivationBatch(4096, store.DModel);
        while (taken < maxTokens && reader.Next(batch))
        {
            for (int i = 0; i < batch.Count && taken < maxTokens; i++)
            {
                long document = batch.DocumentIndices[i];
                int position = batch.Positions[i];
                bool continues = document == lastDocument && position == lastPosition + 1 && position % context != 0;
                if (!continues && current.Count > 0)
                {
                    windows.Add([.. current]);
                    taken += current.Count;
                    current.Clear();
                    if (taken >= maxTokens) break;
                }
                current.Add(batch.TokenIds[i]);
                lastDocument = document;
                lastPosition = position;
            }
        }
        if (current.Count > 0 && taken < maxTokens) windows.Add([.. current]);
        return windows;
    }
}
