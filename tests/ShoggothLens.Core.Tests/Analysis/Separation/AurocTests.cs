using ShoggothLens.Core.Analysis.Separation;

namespace ShoggothLens.Core.Tests.Analysis.Separation;

public class AurocTests
{
    [Fact]
    public void PerfectSeparationIsOneAndTheWrongWayRoundIsZero()
    {
        Assert.Equal(1.0, Auroc.Of([3f, 4f, 5f], [0f, 1f, 2f]));
        Assert.Equal(0.0, Auroc.Of([0f, 1f], [2f, 3f, 4f]));
    }

    [Fact]
    public void TiesCountOneHalf()
    {
        Assert.Equal(0.5, Auroc.Of([0f, 0f, 0f], [0f, 0f]));
        // Pairs: (1 vs 0) wins, (1 vs 1) ties, (2 vs 0) wins, (2 vs 1) wins: 3.5 / 4.
        Assert.Equal(0.875, Auroc.Of([1f, 2f], [0f, 1f]));
    }

    [Fact]
    public void MatchesCountingEveryPairOnRandomScores()
    {
        var random = new Random(3);
        var pos = Enumerable.Range(0, 57).Select(_ => (float)Math.Round(random.NextDouble() * 5, 1)).ToArray();
        var neg = Enumerable.Range(0, 43).Select(_ => (float)Math.Round(random.NextDouble() * 4, 1)).ToArray();
        double pairs = 0;
        foreach (var p in pos)
            foreach (var n in neg)
                pairs += p > n ? 1 : p == n ? 0.5 : 0;
        Assert.Equal(pairs / (pos.Length * neg.Length), Auroc.Of(pos, neg), 12);
    }

    [Fact]
    public void AnEmptyGroupHasNoAuroc()
    {
        Assert.True(double.IsNaN(Auroc.Of([], [1f])));
        Assert.True(double.IsNaN(Auroc.Of([1f], [])));
    }
}
