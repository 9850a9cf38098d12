using ILGPU;
using ILGPU.Runtime;

namespace ShoggothLens.Sae.Backends.Ilgpu.Kernels;

/// <summary>∂b_dec: column sums of the error rows and the encoder-bias term of centring, in blocks with one atomic add each.</summary>
internal static class IlgpuDecoderBiasKernels
{
    /// <summary>Rows of a partial column sum (<see cref="ColumnSums"/>).</summary>
    public const int ColumnBlock = 64;

    /// <summary>gBDec[i] += scale·Σ rows [blk·64, blk·64+64) of m[·, i]; thread = blk·dIn + i.</summary>
    public static void ColumnSums(Index1D t, ArrayView<float> m, int rows, int dIn, float scale, ArrayView<float> gBDec)
    {
        int i = t % dIn, blk = t / dIn;
        int start = blk * ColumnBlock, end = Math.Min(start + ColumnBlock, rows);
        float s = 0;
        for (int r = start; r < end; r++) s += m[r * dIn + i];
        Atomic.Add(ref gBDec[i], scale * s);
    }

    /// <summary>Latents per partial sum of <see cref="EncoderBiasTerm"/>.</summary>
    public const int LatentBlock = 256;

    /// <summary>gBDec[i] −= Σ_j ∂b_enc[j]·W_encᵀ[j, i] over latents [blk·256, blk·256+256); thread = blk·dIn + i.</summary>
    public static void EncoderBiasTerm(Index1D t, ArrayView<float> gBEnc, ArrayView<float> wEncT, int dSae, int dIn, ArrayView<float> gBDec)
    {
        int i = t % dIn, blk = t / dIn;
        int start = blk * LatentBlock, end = Math.Min(start + LatentBlock, dSae);
        float s = 0;
        for (int j = start; j < end; j++)
        {
            float g = gBEnc[j];
            if (g != 0) s += g * wEncT[j * dIn + i];
        }
        Atomic.Add(ref gBDec[i], -s);
    }
}
