using System.Numerics;
using System.Runtime.CompilerServices;
using ShoggothLens.Sae.Training;

namespace ShoggothLens.Sae.Backends.Torch.Sparse;

/// <summary>
/// PyTorch's Adam update, in place and fused into one pass over each parameter row:
/// <code>
/// m ← m + (1−β1)(g − m)      v ← β2·v + (1−β2)·g²
/// p ← p − (lr / (1−β1ᵗ)) · m / (√v / √(1−β2ᵗ) + ε)
/// </code>
/// Rows whose gradient is zero (latents no token selected) are still updated with g = 0 — that is
/// dense Adam, not a lazy one — but their gradient row is never read or written. Optionally each
/// row is renormalised to unit length right after its update (TopK decoders).
/// </summary>
internal static unsafe class AdamKernel
{
    public readonly record struct Constants(float Beta1, float Beta2, float Epsilon, float StepSize, float BiasCorrection2Sqrt)
    {
        public static Constants For(AdamSettings adam, float learningRate, long step) => new(
            adam.Beta1, adam.Beta2, adam.Epsilon,
            (float)(learningRate / (1 - Math.Pow(adam.Beta1, step))),
            (float)Math.Sqrt(1 - Math.Pow(adam.Beta2, step)));
    }

    /// <param name="touched">1 where row r has a gradient row; null = every row has one.</param>
    /// <param name="gradScale">the clipping factor applied to every gradient.</param>
    public static void Rows(float* p, float* m, float* v, float* grad, byte[]? touched, int rows, int cols,
        float gradScale, Constants k, bool renormalise)
    {
        Chunked.For(rows, (long)rows * cols * 8, (start, end, _) =>
        {
            for (int r = start; r < end; r++)
            {
                long o = (long)r * cols;
                bool has = touched is null || touched[r] != 0;
                Row(p + o, m + o, v + o, has ? grad + o : null, cols, gradScale, k);
                if (renormalise) Normalise(p + o, cols);
            }
        });
    }

    static void Row(float* p, float* m, float* v, float* g, int n, float gradScale, Constants k)
    {
        float w1 = 1 - k.Beta1, w2 = 1 - k.Beta2;
        int width = Vector<float>.Count, i = 0;
        var vw1 = new Vector<float>(w1);
        var vb2 = new Vector<float>(k.Beta2);
        var vw2 = new Vector<float>(w2);
        var vScale = new Vector<float>(gradScale);
        var vStep = new Vector<float>(k.StepSize);
        var vBc2 = new Vector<float>(k.BiasCorrection2Sqrt);
        var vEps = new Vector<float>(k.Epsilon);
        for (; i + width <= n; i += width)
        {
            var gi = g is null ? Vector<float>.Zero : Unsafe.ReadUnaligned<Vector<float>>(g + i) * vScale;
            var mi = Unsafe.ReadUnaligned<Vector<float>>(m + i);
            var vi = Unsafe.ReadUnaligned<Vector<float>>(v + i);
            mi += vw1 * (gi - mi);
            vi = vi * vb2 + vw2 * (gi * gi);
            var denom = Vector.SquareRoot(vi) / vBc2 + vEps;
            Unsafe.WriteUnaligned(m + i, mi);
            Unsafe.WriteUnaligned(v + i, vi);
            Unsafe.WriteUnaligned(p + i, Unsafe.ReadUnaligned<Vector<float>>(p + i) - vStep * (mi / denom));
        }
        for (; i < n; i++)
        {
            float gi = g is null ? 0f : g[i] * gradScale;
            float mi = m[i] + w1 * (gi - m[i]);
            float vi = v[i] * k.Beta2 + w2 * (gi * gi);
            m[i] = mi;
            v[i] = vi;
            p[i] -= k.StepSize * (mi / (MathF.Sqrt(vi) / k.BiasCorrection2Sqrt + k.Epsilon));
        }
    }

    static void Normalise(float* p, int n)
    {
        float norm = MathF.Sqrt(VectorKernels.SumOfSquares(p, n));
        if (norm > 0)
            for (int i = 0; i < n; i++) p[i] /= norm;
    }
}
