using ShoggothLens.Core.ActivationStore;

namespace ShoggothLens.Fuzz.Targets;

/// <summary>Touches everything a chunk offers the pipeline: ids, roles (resolved), documents, positions, labels, activations per hook.</summary>
public static class StoreReading
{
    public static long ReadAll(ActivationChunk chunk)
    {
        long sum = 0;
        foreach (int id in chunk.TokenIds) sum += id;
        for (int t = 0; t < chunk.Tokens; t++) sum += chunk.RoleOf(t).GetHashCode();
        foreach (long d in chunk.DocumentIndices) sum += d;
        foreach (int p in chunk.Positions) sum += p;
        foreach (uint l in chunk.LabelBits) sum += l;
        for (int h = 0; h < chunk.Header.Hooks.Count; h++) sum += chunk.ReadActivations(h).Length;
        return sum;
    }
}
