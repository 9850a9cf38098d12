using ILGPU;
using ILGPU.Runtime;

namespace ShoggothLens.Sae.Backends.Ilgpu.Kernels;

/// <summary>PyTorch's Adam on the device: weight rows (clipped, then the decoder row renormalised) and vectors.</summary>
internal static class IlgpuAdamKernels
{
    /// <summary>One Adam update of param[i] with gradient g; returns the new value.</summary>
    public static float AdamUpdate(ArrayView<float> param, ArrayView<float> m, ArrayView<float> v, int i, float g, AdamParams a)
    {
        float mi = m[i] + (1 - a.Beta1) * (g - m[i]);
        float vi = v[i] * a.Beta2 + (1 - a.Beta2) * (g * g);
        m[i] = mi;
        v[i] = vi;
        float p = param[i] - a.StepSize * (mi / (MathF.Sqrt(vi) / a.BiasCorrection2Sqrt + a.Epsilon));
        param[i] = p;
        return p;
    }

    /// <summary>
    /// Latent j = Grid.IdxX: PyTorch's Adam on row j of W_encᵀ and of W_dec with the clipped gradient
    /// (zero for untouched latents), then (renormalise ≠ 0) the decoder row scaled to unit length.
    /// </summary>
    public static void AdamRows(ArrayView<int> offsets, ArrayView<float> stats,
        ArrayView<float> wEncT, ArrayView<float> mEnc, ArrayView<float> vEnc, ArrayView<float> gEnc,
        ArrayView<float> wDec, ArrayView<float> mDec, ArrayView<float> vDec, ArrayView<float> gDec, AdamParams a, int dIn, int renormalise)
    {
        var scratch = SharedMemory.Allocate<float>(GroupPrimitives.MaxGroup / 4);
        int j = Grid.IdxX, t = Group.IdxX;
        bool touched = offsets[j + 1] > offsets[j];
        float clip = stats[1];
        int o = j * dIn;
        float sq = 0;
        for (int i = t; i < dIn; i += Group.DimX)
        {
            AdamUpdate(wEncT, mEnc, vEnc, o + i, touched ? gEnc[o + i] * clip : 0f, a);
            float w = AdamUpdate(wDec, mDec, vDec, o + i, touched ? gDec[o + i] * clip : 0f, a);
            sq += w * w;
        }
        if (renormalise == 0) return;
        float norm = MathF.Sqrt(GroupPrimitives.GroupSum(sq, scratch));
        if (norm > 0)
            for (int i = t; i < dIn; i += Group.DimX) wDec[o + i] /= norm;
    }

    /// <summary>Adam on a vector (b_enc, b_dec) with the clipping factor in stats[1].</summary>
    public static void AdamVector(Index1D i, ArrayView<float> param, ArrayView<float> m, ArrayView<float> v, ArrayView<float> grad,
        ArrayView<float> stats, AdamParams a)
    {
        AdamUpdate(param, m, v, i, grad[i] * stats[1], a);
    }
}
