namespace ShoggothLens.Sae.Backends.Ilgpu;

/// <summary>How the ILGPU backend computes the dense encoder product.</summary>
public enum IlgpuProduct
{
    /// <summary>cuBLAS with TF32 on CUDA (falling back to the kernel if cuBLAS does not load), the kernel elsewhere.</summary>
    Auto,
    /// <summary>The shared-memory tiled ILGPU GEMM kernel (fp32), on any accelerator.</summary>
    Kernel,
    /// <summary>cuBLAS SGEMM in plain fp32 (CUDA only).</summary>
    CuBlasFp32,
    /// <summary>cuBLAS SGEMM with CUBLAS_TF32_TENSOR_OP_MATH (CUDA only).</summary>
    CuBlasTf32,
}

public static class IlgpuProducts
{
    /// <summary>The CLI's names: auto, kernel, cublas-fp32, cublas-tf32.</summary>
    public static IlgpuProduct Parse(string name) => name switch
    {
        "auto" => IlgpuProduct.Auto,
        "kernel" => IlgpuProduct.Kernel,
        "cublas-fp32" => IlgpuProduct.CuBlasFp32,
        "cublas-tf32" => IlgpuProduct.CuBlasTf32,
        _ => throw new ArgumentException($"--product must be auto, kernel, cublas-fp32 or cublas-tf32, not '{name}'"),
    };
}
