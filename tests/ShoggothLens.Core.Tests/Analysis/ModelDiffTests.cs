using ShoggothLens.Core.Analysis;
using ShoggothLens.Core.Roles;

namespace ShoggothLens.Core.Tests.Analysis;

public sealed class ModelDiffTests
{
    static readonly Role[] Roles = [Role.Assistant, Role.Persona("spy")];

    /// <summary>Feature 0 fires in the spy's text in both checkpoints and starts leaking into Assistant turns in "post";
    /// feature 1 fires in Assistant turns in both at the same rate.</summary>
    static FeatureAccumulator Run(bool post)
    {
        var accumulator = new FeatureAccumulator(2, Roles, []);
        long token = 0;
        for (int doc = 0; doc < 100; doc++)
            for (int p = 0; p < 20; p++)
            {
                int role = doc % 2;
                float f0 = role == 1 && p % 2 == 0 ? 1 : (post && role == 0 && doc % 10 == 0 && p < 5 ? 1 : 0);
                float f1 = role == 0 && p % 4 == 0 ? 1 : 0;
                accumulator.AddDense(new TokenMeta(token++, role, doc, p, 0), [f0, f1]);
            }
        return accumulator;
    }

    [Fact]
    public void AssistantActivityChangeMatchesBruteForce()
    {
        var diff = ModelDiff.Compare(Run(true).Results(), Run(false).Results(), 1e-5);
        Assert.Equal(2, diff.Count);
        // Assistant tokens: 50 docs × 20 = 1000; post feature 0 fires in 10 docs × 5 tokens = 50.
        Assert.Equal(0.0, diff[0].BaseAssistantFrequency);
        Assert.Equal(0.05, diff[0].PostAssistantFrequency, 12);
        Assert.Equal(0.05, diff[0].Delta, 12);
        Assert.Equal(Math.Log((0.05 + 1e-5) / 1e-5), diff[0].LogRatio, 9);
        Assert.True(diff[0].StartsLeaking);
        Assert.Equal(0.25, diff[1].BaseAssistantFrequency, 12);
        Assert.Equal(0.0, diff[1].Delta, 12);
        Assert.False(diff[1].StartsLeaking);
    }
}
