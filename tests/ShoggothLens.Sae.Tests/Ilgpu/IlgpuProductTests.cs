using ShoggothLens.Sae.Architectures;
using ShoggothLens.Sae.Backends;
using ShoggothLens.Sae.Backends.Ilgpu;
using ShoggothLens.Sae.Training;

namespace ShoggothLens.Sae.Tests.Ilgpu;

public class IlgpuProductTests
{
    [Fact]
    public void CuBlas_needs_a_cuda_device_and_auto_falls_back_to_the_kernel()
    {
        var setup = new SaeTrainingSetup(SaeArchitecture.TopK, 8, 32, K: 2);
        var initial = SaeInitializer.Create(setup, new SplitMix64(1), new float[8]);
        var e = Assert.Throws<ArgumentException>(() => new IlgpuSaeBackend(setup, initial, forceCpu: true, product: IlgpuProduct.CuBlasFp32));
        Assert.Contains("CUDA", e.Message);
        using var auto = new IlgpuSaeBackend(setup, initial, forceCpu: true);
        Assert.Contains("tiled GEMM", auto.Product);
    }
}
