using System.Reflection;
using System.Runtime.InteropServices;
using ILGPU;
using ILGPU.Runtime;
using ILGPU.Runtime.Cuda;

namespace ShoggothLens.Sae.Backends.Ilgpu.Device;

/// <summary>
/// pre = xc·W_encᵀ through cuBLAS (ILGPU.Algorithms' <see cref="CuBlas"/>). That binds
/// libcublas.so.12; CUDA 13 machines carry libcublas.so.13, which answers the same calls, so a
/// resolver probes .12 then .13.
/// </summary>
internal sealed class IlgpuCuBlas : IDisposable
{
    static int _resolverSet;
    readonly CuBlas _blas;

    public IlgpuCuBlas(CudaAccelerator accelerator, bool tf32)
    {
        SetResolver();
        _blas = new CuBlas(accelerator);
        // (CuBlasMathMode)3 is CUBLAS_TF32_TENSOR_OP_MATH, which the enum does not list.
        _blas.MathMode = tf32 ? (CuBlasMathMode)3 : (CuBlasMathMode)0; // 0: CUBLAS_DEFAULT_MATH (fp32)
        // cuBLAS runs on ILGPU's default stream, so the product is ordered with the kernels around it
        // without a host round trip.
        _blas.Stream = (CudaStream)accelerator.DefaultStream;
    }

    static void SetResolver()
    {
        if (Interlocked.Exchange(ref _resolverSet, 1) != 0) return;
        try
        {
            NativeLibrary.SetDllImportResolver(typeof(CuBlas).Assembly, Resolve);
        }
        catch (InvalidOperationException)
        {
            // A resolver is already set for ILGPU.Algorithms; keep it.
        }
    }

    static IntPtr Resolve(string name, Assembly assembly, DllImportSearchPath? path)
    {
        if (!name.Contains("cublas", StringComparison.OrdinalIgnoreCase)) return IntPtr.Zero;
        foreach (var candidate in new[] { "libcublas.so.12", "libcublas.so.13", "libcublas.so" })
            if (NativeLibrary.TryLoad(candidate, assembly, path, out var handle)) return handle;
        return IntPtr.Zero;
    }

    /// <summary>Row-major C[rows, dSae] = A[rows, dIn]·W[dSae, dIn]ᵀ, i.e. column-major Cᵀ = op(W)·Aᵀ.</summary>
    public void EncoderProduct(ArrayView<float> a, ArrayView<float> w, ArrayView<float> c, int rows, int dSae, int dIn)
    {
        _blas.Gemm(CuBlasOperation.Transpose, CuBlasOperation.NonTranspose, dSae, rows, dIn, 1f, w, dIn, a, dIn, 0f, c, dSae);
    }

    public void Dispose() => _blas.Dispose();
}
