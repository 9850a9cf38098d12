using ILGPU;
using ILGPU.Algorithms;
using ILGPU.Runtime;
using ILGPU.Runtime.CPU;
using ILGPU.Runtime.Cuda;

namespace ShoggothLens.Sae.Backends.Ilgpu.Device;

/// <summary>
/// The accelerator a run trains on (CUDA when present, else ILGPU's CPU accelerator), the group size
/// its group kernels launch with, and how it computes the dense encoder product (cuBLAS or the ILGPU GEMM).
/// </summary>
internal sealed class IlgpuDevice : IDisposable
{
    /// <summary>Threads per group on a GPU (the kernels read Group.DimX, so the CPU accelerator runs smaller groups).</summary>
    public const int GpuGroup = 256;

    readonly Context _context;

    public Accelerator Accelerator { get; }

    /// <summary>Threads per group of the group kernels (256 on a GPU).</summary>
    public int Group { get; }

    public bool IsCuda => Accelerator.AcceleratorType == AcceleratorType.Cuda;

    /// <summary>The accelerator in words: "Cuda: NVIDIA H100 …" or "CPU: CPUAccelerator".</summary>
    public string Name { get; }

    /// <summary>cuBLAS for the encoder product, or null for the ILGPU GEMM kernel.</summary>
    public IlgpuCuBlas? Blas { get; }

    /// <summary>How the encoder product is computed: "cuBLAS TF32", "cuBLAS fp32" or the ILGPU kernel.</summary>
    public string Product { get; }

    /// <param name="forceCpu">Use ILGPU's CPU accelerator even when a CUDA device is present (tests).</param>
    /// <param name="cpuGroupSize">Threads per group on the CPU accelerator: 16 or 256.</param>
    /// <param name="product">How the dense encoder product is computed (cuBLAS needs CUDA).</param>
    public IlgpuDevice(bool forceCpu, int cpuGroupSize, IlgpuProduct product)
    {
        (_context, Accelerator) = CreateAccelerator(forceCpu, cpuGroupSize);
        Group = IsCuda ? GpuGroup : cpuGroupSize;
        Name = $"{Accelerator.AcceleratorType}: {Accelerator.Name}";
        Blas = CreateBlas(product);
        Product = Blas is null ? "ilgpu tiled GEMM (fp32)" : product == IlgpuProduct.CuBlasFp32 ? "cuBLAS fp32" : "cuBLAS TF32";
    }

    /// <summary>True when ILGPU finds a CUDA device on this machine.</summary>
    public static bool CudaAvailable()
    {
        try
        {
            using var context = CreateCudaContext();
            return context.GetCudaDevices().Count > 0;
        }
        catch (Exception)
        {
            return false;
        }
    }

    /// <summary>
    /// The CUDA context every kernel is compiled in. EnableAlgorithms gives the PTX backend its math
    /// intrinsics (MathF.Exp in JumpReLU's thresholds has none without it); the CPU accelerator runs the
    /// kernels as .NET code and never needs them, so only a PTX compile shows the difference
    /// (IlgpuPtxCompileTests compile every kernel this way without a GPU).
    /// </summary>
    internal static Context CreateCudaContext() => Context.Create(b => b.Cuda().EnableAlgorithms());

    static (Context, Accelerator) CreateAccelerator(bool forceCpu, int cpuGroupSize)
    {
        if (cpuGroupSize is not (16 or 256)) throw new ArgumentOutOfRangeException(nameof(cpuGroupSize), "16 or 256");
        if (!forceCpu)
        {
            Context? cuda = null;
            try
            {
                cuda = CreateCudaContext();
                if (cuda.GetCudaDevices().Count > 0)
                    return (cuda, cuda.GetCudaDevices()[0].CreateAccelerator(cuda));
            }
            catch (Exception)
            {
                // No usable CUDA driver: fall through to the CPU accelerator.
            }
            cuda?.Dispose();
        }
        // 16 threads (4 warps of 4) per group, two groups at a time; or 32×8 so GPU-sized groups run unchanged.
        var device = cpuGroupSize == 16 ? new CPUDevice(4, 4, 2) : new CPUDevice(32, 8, 1);
        var context = Context.Create(b => b.CPU(device));
        return (context, context.GetCPUDevice(0).CreateAccelerator(context));
    }

    IlgpuCuBlas? CreateBlas(IlgpuProduct product)
    {
        if (product == IlgpuProduct.Kernel) return null;
        if (Accelerator is not CudaAccelerator cuda)
        {
            if (product == IlgpuProduct.Auto) return null;
            Accelerator.Dispose();
            _context.Dispose();
            throw new ArgumentException($"{product} needs a CUDA device; this run has {Name}");
        }
        try
        {
            return new IlgpuCuBlas(cuda, tf32: product != IlgpuProduct.CuBlasFp32);
        }
        catch (Exception) when (product == IlgpuProduct.Auto)
        {
            return null; // cuBLAS did not load: the ILGPU GEMM kernel.
        }
    }

    /// <summary>Waits for every launch so far (phase timing).</summary>
    public void Synchronize() => Accelerator.Synchronize();

    public void Dispose()
    {
        Blas?.Dispose();
        Accelerator.Dispose();
        _context.Dispose();
    }
}
