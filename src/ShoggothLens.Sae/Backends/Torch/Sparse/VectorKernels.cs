using System.Numerics;
using System.Runtime.CompilerServices;

namespace ShoggothLens.Sae.Backends.Torch.Sparse;

/// <summary>SIMD building blocks over float pointers (Vector&lt;float&gt;: 8 lanes with AVX2).</summary>
internal static unsafe class VectorKernels
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Dot(float* a, float* b, int n)
    {
        int w = Vector<float>.Count, i = 0;
        var acc0 = Vector<float>.Zero;
        var acc1 = Vector<float>.Zero;
        for (; i + 2 * w <= n; i += 2 * w)
        {
            acc0 += Unsafe.ReadUnaligned<Vector<float>>(a + i) * Unsafe.ReadUnaligned<Vector<float>>(b + i);
            acc1 += Unsafe.ReadUnaligned<Vector<float>>(a + i + w) * Unsafe.ReadUnaligned<Vector<float>>(b + i + w);
        }
        for (; i + w <= n; i += w)
            acc0 += Unsafe.ReadUnaligned<Vector<float>>(a + i) * Unsafe.ReadUnaligned<Vector<float>>(b + i);
        float sum = Vector.Sum(acc0 + acc1);
        for (; i < n; i++) sum += a[i] * b[i];
        return sum;
    }

    /// <summary>y += a·x.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Axpy(float a, float* x, float* y, int n)
    {
        int w = Vector<float>.Count, i = 0;
        var va = new Vector<float>(a);
        for (; i + w <= n; i += w)
            Unsafe.WriteUnaligned(y + i, Unsafe.ReadUnaligned<Vector<float>>(y + i) + va * Unsafe.ReadUnaligned<Vector<float>>(x + i));
        for (; i < n; i++) y[i] += a * x[i];
    }

    /// <summary>y −= x.</summary>
    public static void Subtract(float* x, float* y, int n)
    {
        int w = Vector<float>.Count, i = 0;
        for (; i + w <= n; i += w)
            Unsafe.WriteUnaligned(y + i, Unsafe.ReadUnaligned<Vector<float>>(y + i) - Unsafe.ReadUnaligned<Vector<float>>(x + i));
        for (; i < n; i++) y[i] -= x[i];
    }

    /// <summary>y += x.</summary>
    public static void Add(float* x, float* y, int n)
    {
        int w = Vector<float>.Count, i = 0;
        for (; i + w <= n; i += w)
            Unsafe.WriteUnaligned(y + i, Unsafe.ReadUnaligned<Vector<float>>(y + i) + Unsafe.ReadUnaligned<Vector<float>>(x + i));
        for (; i < n; i++) y[i] += x[i];
    }

    /// <summary>Σ x², accumulated in double across rows by the callers.</summary>
    public static float SumOfSquares(float* x, int n) => Dot(x, x, n);
}
