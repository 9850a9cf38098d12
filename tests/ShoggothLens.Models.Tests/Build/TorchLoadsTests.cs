using static TorchSharp.torch;

namespace ShoggothLens.Models.Tests.Build;

public class TorchLoadsTests
{
    [Fact]
    public void LibTorchLoadsAndComputesWithTheSystemLibStdCxx()
    {
        using var a = ones(3, 4);
        using var b = ones(4, 2);
        using var c = matmul(a, b);
        Assert.Equal(4f, c[2, 1].item<float>());
    }
}
