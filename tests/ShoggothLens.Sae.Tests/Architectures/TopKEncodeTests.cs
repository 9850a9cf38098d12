using ShoggothLens.Sae.Architectures;
using ShoggothLens.Sae.Training;
using static TorchSharp.torch;

namespace ShoggothLens.Sae.Tests.Architectures;

/// <summary>
/// A TopK SAE's Encode picks each row's k largest pre-activations in managed code (the trainer's row top-k) instead
/// of torch.topk and a scatter: it must give exactly what the plain definition gives.
/// </summary>
public class TopKEncodeTests
{
    [Theory]
    [InlineData(8, 20, 4, true)]
    [InlineData(16, 1536, 16, false)]   // the demo's shape: width ≥ 16·k takes the floor-pass branch
    [InlineData(16, 100, 16, true)]   // width < 16·k: the plain scan
    [InlineData(5, 7, 7, false)]   // k = width: every entry, ReLU'd
    public void EncodeEqualsTheTopKOfThePreActivationsReLUd(int dIn, int dSae, int k, bool applyBDec)
    {
        var rng = new SplitMix64((ulong)(dIn * 1000 + dSae));
        float[] Random(int n, double s) => Enumerable.Range(0, n).Select(_ => (float)(s * rng.NextGaussian())).ToArray();
        var parameters = new SaeParameters(dIn, dSae, Random(dIn * dSae, 0.5), Random(dSae, 0.4), Random(dIn * dSae, 0.5), Random(dIn, 0.3));
        var config = new SaeConfig(SaeArchitecture.TopK, dIn, dSae, k) { ApplyBDecToInput = applyBDec };
        using var sae = new SparseAutoencoder(config, parameters);
        // [3, 37, d_in]: leading dimensions are kept; some rows are all negative after the bias (ReLU zeroes them).
        using var x = tensor(Random(3 * 37 * dIn, 1.5), [3, 37, dIn]);
        using var acts = sae.Encode(x);
        using var pre = sae.PreActivations(x);
        using var expected = SparseAutoencoder.TopKActivation(pre, k);
        Assert.Equal(new long[] { 3, 37, dSae }, acts.shape);
        Assert.Equal(expected.data<float>().ToArray(), acts.data<float>().ToArray());
        using var perRow = acts.gt(0).sum(-1);
        Assert.True(perRow.max().item<long>() <= k);
        Assert.True(perRow.sum().item<long>() > 0);
    }

    [Fact]
    public void AnEmptyBatchEncodesToAnEmptyTensor()
    {
        var parameters = new SaeParameters(4, 10, new float[40], new float[10], new float[40], new float[4]);
        using var sae = new SparseAutoencoder(new SaeConfig(SaeArchitecture.TopK, 4, 10, 3), parameters);
        using var x = zeros(0, 4);
        using var acts = sae.Encode(x);
        Assert.Equal(new long[] { 0, 10 }, acts.shape);
    }
}
