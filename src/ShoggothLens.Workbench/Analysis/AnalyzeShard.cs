using ShoggothLens.Core.Work;

namespace ShoggothLens.Workbench.Analysis;

/// <summary>Shard <see cref="Index"/> of <see cref="Count"/> of a sharded analysis: it reads chunks ⌊C·i/N⌋ … ⌊C·(i+1)/N⌋ − 1
/// of the store (and of the compared store) and writes their accumulated state, which <c>analyze --merge</c> joins.</summary>
public sealed record AnalyzeShard(int Index, int Count)
{
    /// <exception cref="InvalidOptionException">Not 0 ≤ i &lt; N.</exception>
    public void Validate()
    {
        if (Count < 1 || Index < 0 || Index >= Count)
            throw new InvalidOptionException(nameof(AnalyzeRequest.Shard), $"a shard is i/N with 0 ≤ i < N; got {Index}/{Count}");
    }

    public override string ToString() => $"{Index}/{Count}";
}
