using ShoggothLens.Sae.Architectures;
using ShoggothLens.Sae.Backends;
using ShoggothLens.Sae.Backends.Ilgpu;
using ShoggothLens.Sae.Backends.Torch;
using ShoggothLens.Sae.Training;

namespace ShoggothLens.Sae.Tests.Ilgpu;

/// <summary>
/// The factory train, gpu-check and bench share (<see cref="SaeBackends"/>): the ILGPU backend with the options it is given,
/// and on Torch the sparse step where there is one, dense autograd otherwise and on request.
/// </summary>
public class IlgpuBackendFactoryTests
{
    [Theory]
    [InlineData("topk", "ilgpu-topk")]
    [InlineData("batchtopk", "ilgpu-batchtopk")]
    [InlineData("relu", "ilgpu-relu")]
    [InlineData("jumprelu", "ilgpu-jumprelu")]
    public void Creates_the_ilgpu_backend_of_each_architecture_on_the_cpu_accelerator(string arch, string name)
    {
        var architecture = SaeArchitectures.Parse(arch);
        var setup = new SaeTrainingSetup(architecture, 8, 32, K: SaeBackends.HasSparseStep(architecture) ? 2 : 0);
        var initial = SaeInitializer.Create(setup, new SplitMix64(1), new float[8]);
        using var backend = SaeBackends.Create(BackendChoice.Ilgpu, setup, initial, new IlgpuOptions(ForceCpu: true, Product: IlgpuProduct.Kernel));
        var ilgpu = Assert.IsType<IlgpuSaeBackend>(backend);
        Assert.Equal(name, ilgpu.Name);
        Assert.StartsWith("CPU", ilgpu.DeviceName);
        Assert.Contains("tiled GEMM", ilgpu.Product);
        Assert.Equal($"{name} on {ilgpu.DeviceName}, encoder product: {ilgpu.Product}", SaeBackends.Describe(backend));
    }

    [Fact]
    public void Options_reach_the_backend_and_products_parse_by_their_cli_names()
    {
        var setup = new SaeTrainingSetup(SaeArchitecture.TopK, 8, 32, K: 2);
        var initial = SaeInitializer.Create(setup, new SplitMix64(1), new float[8]);
        var e = Assert.Throws<ArgumentException>(() => SaeBackends.CreateIlgpu(setup, initial, new IlgpuOptions(ForceCpu: true, Product: IlgpuProducts.Parse("cublas-tf32"))));
        Assert.Contains("CuBlasTf32 needs a CUDA device", e.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => SaeBackends.CreateIlgpu(setup, initial, new IlgpuOptions(ForceCpu: true, CpuGroupSize: 64)));
        Assert.Equal(IlgpuProduct.Auto, IlgpuProducts.Parse("auto"));
        Assert.Equal(IlgpuProduct.Kernel, IlgpuProducts.Parse("kernel"));
        Assert.Equal(IlgpuProduct.CuBlasFp32, IlgpuProducts.Parse("cublas-fp32"));
        Assert.Contains("--product must be", Assert.Throws<ArgumentException>(() => IlgpuProducts.Parse("tf32")).Message);
    }

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

    [Theory]
    [InlineData(SaeArchitecture.TopK, typeof(TorchSparseTopKBackend))]
    [InlineData(SaeArchitecture.BatchTopK, typeof(TorchSparseTopKBackend))]
    [InlineData(SaeArchitecture.Standard, typeof(TorchDenseBackend))]
    [InlineData(SaeArchitecture.JumpReLU, typeof(TorchDenseBackend))]
    public void Torch_takes_the_sparse_step_for_topk_families_only(SaeArchitecture architecture, Type expected)
    {
        var setup = new SaeTrainingSetup(architecture, 8, 32, K: SaeBackends.HasSparseStep(architecture) ? 2 : 0);
        var initial = SaeInitializer.Create(setup, new SplitMix64(1), new float[8]);
        using var backend = SaeBackends.Create(BackendChoice.Torch, setup, initial);
        Assert.IsType(expected, backend);
        using var dense = SaeBackends.CreateDenseAutograd(setup, initial);
        Assert.IsType<TorchDenseBackend>(dense);
    }
}
