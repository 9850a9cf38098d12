using ShoggothLens.Core.Analysis;
using ShoggothLens.Core.Analysis.Specificity;

namespace ShoggothLens.Core.Tests.Analysis.Specificity;

/// <summary>The specificity test: formatting features that fire in every role are rejected, a persona's own feature is accepted.</summary>
public sealed class HomeSpecificityTests
{
    static RoleStatistics R(string role, long firings, long tokens) => new(role, tokens, firings, firings, firings > 0 ? 1 : 0);
    const double Alpha = 0.05 / 100;

    [Fact]
    public void APunctuationLikeFeatureFiringAlikeInEveryRoleIsRejected()
    {
        // The shipped organism's comma feature: 7.7 % of one persona, 7.4 % of another, more in narration, less in Assistant text.
        var result = HomeSpecificity.Test([R("Assistant", 200, 10_000), R("User", 700, 9_000), R("Persona(Vesper)", 770, 10_000),
            R("Persona(Rowan)", 740, 10_000), R("Narration", 1_600, 20_000)], Alpha);
        Assert.False(result.Specific);
        Assert.Equal("Vesper", result.Home);
        Assert.Equal(0.077, result.HomeRate, 12);
        Assert.Contains("does not beat", result.Reason);
        var weakest = result.Rivals[0];
        Assert.Equal("Narration", weakest.Role);   // narration fires even more: negative z
        Assert.True(weakest.Z < 0);
        Assert.False(weakest.Beaten);
        Assert.DoesNotContain(result.Rivals, r => r.Role is "Assistant" or "User");
    }

    [Fact]
    public void APersonaSpecificFeatureIsAccepted()
    {
        var result = HomeSpecificity.Test([R("Assistant", 30, 10_000), R("Persona(Vesper)", 500, 10_000), R("Persona(Rowan)", 20, 10_000),
            R("Persona(Mira)", 5, 8_000), R("Narration", 40, 20_000)], Alpha);
        Assert.True(result.Specific, result.Reason);
        Assert.Equal("Vesper", result.Home);
        Assert.Equal(3, result.Rivals.Count);
        Assert.All(result.Rivals, r => Assert.True(r.Beaten));
        Assert.Equal("Persona(Mira)", result.Rivals[0].Role);   // the weakest comparison (lowest z: fewest tokens) comes first
        Assert.Equal(80, result.Rivals[0].RateRatio, 9);
        Assert.Equal(25, result.Rivals.Single(r => r.Role == "Persona(Rowan)").RateRatio, 9);
        Assert.Equal(WilsonBound.Z(1 - Alpha), result.CriticalZ, 12);
        Assert.Contains("beats every other role", result.Reason);
    }

    [Fact]
    public void ASignificantButSmallDifferenceFailsTheRateRatio()
    {
        // A million tokens each: 5.0 % against 3.5 % is far beyond any z threshold, yet not twice the rate.
        var result = HomeSpecificity.Test([R("Persona(Vesper)", 50_000, 1_000_000), R("Persona(Rowan)", 35_000, 1_000_000), R("Narration", 100, 1_000_000)], Alpha);
        Assert.False(result.Specific);
        Assert.True(result.Rivals[0].Z > 50);
        Assert.Contains("rate ratio", result.Reason);
    }

    [Fact]
    public void TooFewFiringsOrNoPersonaAreNotSpecific()
    {
        Assert.False(HomeSpecificity.Test([R("Persona(Vesper)", 4, 100), R("Narration", 0, 10_000)], Alpha).Specific);
        var none = HomeSpecificity.Test([R("Assistant", 40, 100), R("Narration", 30, 10_000)], Alpha);
        Assert.Null(none.Home);
        Assert.False(none.Specific);
        // A home with only narration to beat is judged against narration alone.
        Assert.True(HomeSpecificity.Test([R("Persona(spy)", 50, 100), R("Narration", 0, 100)], Alpha).Specific);
        Assert.Throws<ArgumentOutOfRangeException>(() => HomeSpecificity.Test([], 0));
    }
}
