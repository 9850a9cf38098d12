using ShoggothLens.Sae.Architectures;
using ShoggothLens.Sae.Training;
using static TorchSharp.torch;

namespace ShoggothLens.Sae.Tests.Architectures;

public class FoldScaleTests
{
    [Theory]
    [InlineData(SaeArchitecture.TopK)]
    [InlineData(SaeArchitecture.JumpReLU)]
    [InlineData(SaeArchitecture.Standard)]
    public void Folding_the_input_scale_gives_the_same_features_on_raw_inputs(SaeArchitecture architecture)
    {
        const int dIn = 8, dSae = 20;
        var rng = new SplitMix64(3);
        float[] Random(int n, double s) => Enumerable.Range(0, n).Select(_ => (float)(s * rng.NextGaussian())).ToArray();
        var trained = new SaeParameters(dIn, dSae, Random(dIn * dSae, 0.5), Random(dSae, 0.1), Random(dIn * dSae, 0.5), Random(dIn, 0.3),
            architecture == SaeArchitecture.JumpReLU ? Enumerable.Repeat(0.2f, dSae).ToArray() : null);
        var config = new SaeConfig(architecture, dIn, dSae, architecture == SaeArchitecture.TopK ? 4 : null);
        const float scale = 3.5f;
        using var onScaled = new SparseAutoencoder(config, trained);
        using var onRaw = new SparseAutoencoder(config, trained.FoldInputScale(scale));
        using var raw = tensor(Random(16 * dIn, 2), [16, dIn]);
        using var scaled = raw * scale;
        using var actsScaled = onScaled.Encode(scaled);
        using var actsRaw = onRaw.Encode(raw);
        using var reconScaled = onScaled.Decode(actsScaled);
        using var reconRaw = onRaw.Decode(actsRaw);
        using var actsError = (actsScaled - actsRaw).abs().max();
        using var reconError = (reconScaled / scale - reconRaw).abs().max();
        Assert.True(actsError.item<float>() < 1e-4);
        Assert.True(reconError.item<float>() < 1e-5);
        using var active = actsRaw.gt(0).sum();
        Assert.True(active.item<long>() > 0);
    }
}
