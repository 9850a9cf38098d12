namespace ShoggothLens.Workbench.Models;

/// <summary>The logits [tokens, vocab] of one sequence, row-major.</summary>
public sealed record ModelLogits(long[] Ids, int Vocab, float[] Values)
{
    /// <summary>The logits after token <paramref name="t"/>.</summary>
    public ReadOnlySpan<float> Row(int t) => Values.AsSpan(t * Vocab, Vocab);
}
