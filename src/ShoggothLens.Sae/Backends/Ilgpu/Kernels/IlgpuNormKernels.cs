using ILGPU;
using ILGPU.Runtime;

namespace ShoggothLens.Sae.Backends.Ilgpu.Kernels;

/// <summary>Norms on the device: each decoder row's (ReLU-L1's weights) and the global gradient norm with its clipping factor.</summary>
internal static class IlgpuNormKernels
{
    /// <summary>Group per latent: norms[j] = ‖W_dec[j]‖.</summary>
    public static void DecoderNorms(ArrayView<float> wDec, ArrayView<float> norms, int dIn)
    {
        var scratch = SharedMemory.Allocate<float>(GroupPrimitives.MaxGroup / 4);
        int j = Grid.IdxX, t = Group.IdxX;
        float sq = 0;
        for (int i = t; i < dIn; i += Group.DimX) sq += wDec[j * dIn + i] * wDec[j * dIn + i];
        sq = GroupPrimitives.GroupSum(sq, scratch);
        if (t == 0) norms[j] = MathF.Sqrt(sq);
    }

    /// <summary>
    /// One group: the global gradient norm √(Σ rowSq + Σ ∂b_dec²) into stats[0] and the clipping
    /// factor min(1, maxNorm/(norm + 1e-6)) (1 when maxNorm ≤ 0) into stats[1].
    /// </summary>
    public static void ClipFactor(ArrayView<float> rowSq, int dSae, ArrayView<float> gBDec, int dIn, float maxNorm, ArrayView<float> stats,
        ArrayView<float> extra, int extraCount)
    {
        var scratch = SharedMemory.Allocate<float>(GroupPrimitives.MaxGroup / 4);
        int t = Group.IdxX;
        float s = 0;
        for (int j = t; j < dSae; j += Group.DimX) s += rowSq[j];
        for (int j = t; j < extraCount; j += Group.DimX) s += extra[j] * extra[j];
        for (int i = t; i < dIn; i += Group.DimX) s += gBDec[i] * gBDec[i];
        s = GroupPrimitives.GroupSum(s, scratch);
        if (t == 0)
        {
            float norm = MathF.Sqrt(s);
            stats[0] = norm;
            stats[1] = maxNorm > 0 ? MathF.Min(1f, maxNorm / (norm + 1e-6f)) : 1f;
        }
    }
}
