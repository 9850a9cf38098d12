using ShoggothLens.Core.Randomness;

namespace ShoggothLens.Core.Tests.Randomness;

/// <summary>The one seeded generator: the published SplitMix64 stream, a state that resumes it, and its bounded draws.</summary>
public class SplitMix64Tests
{
    [Fact]
    public void Seed_zero_gives_the_reference_stream()
    {
        // Vigna's splitmix64.c from state 0.
        var rng = new SplitMix64(0);
        Assert.Equal(0xE220A8397B1DCDAFUL, rng.NextUInt64());
        Assert.Equal(0x6E789E6AA1B965F4UL, rng.NextUInt64());
        Assert.Equal(0x06C45D188009454FUL, rng.NextUInt64());
    }

    [Fact]
    public void The_state_resumes_the_stream()
    {
        var a = new SplitMix64(42);
        for (int i = 0; i < 5; i++) a.NextUInt64();
        var b = new SplitMix64(a.State);
        Assert.Equal(Enumerable.Range(0, 8).Select(_ => a.NextUInt64()), Enumerable.Range(0, 8).Select(_ => b.NextUInt64()));
    }

    [Fact]
    public void Bounded_draws_stay_in_range_and_follow_their_definitions()
    {
        var rng = new SplitMix64(7);
        for (int i = 0; i < 1000; i++)
        {
            int bound = 1 + i % 97;
            Assert.InRange(rng.NextInt(bound), 0, bound - 1);
        }
        var a = new SplitMix64(9);
        var b = new SplitMix64(9);
        for (int i = 0; i < 100; i++)
        {
            Assert.Equal((int)(b.NextUInt64() % 13UL), a.NextIntModulo(13));
            Assert.Equal((int)((b.NextUInt64() >> 11) * (1.0 / (1UL << 53)) * 13), a.NextIntScaled(13));
        }
        Assert.Equal(Enumerable.Range(0, 20), new SplitMix64(3).Permutation(20).Order());
    }
}
