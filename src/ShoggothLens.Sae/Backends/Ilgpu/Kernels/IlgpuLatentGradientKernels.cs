using ILGPU;
using ILGPU.Runtime;

namespace ShoggothLens.Sae.Backends.Ilgpu.Kernels;

/// <summary>
/// One group per latent over its segment of the latent-sorted entries: sums its encoder and decoder
/// gradient rows, projects the decoder gradient off the row (unit-norm decoders) and writes each row
/// once (<see cref="LatentGradients"/>), or, without clipping, applies Adam in the same pass and never
/// writes them (<see cref="FusedGradientAdam"/>). What <see cref="Torch.Sparse.LatentGradientKernel"/>
/// computes on the CPU, up to summation order.
/// </summary>
internal static class IlgpuLatentGradientKernels
{
    /// <summary>Widest input the fused gradient-and-Adam kernel holds in shared memory (two rows of floats).</summary>
    public const int MaxFusedDIn = 4096;

    /// <summary>ReLU-L1's decoder-gradient coefficient of latent j: L1Scale·(Σ v over its main entries)/‖W_dec[j]‖ (0 without L1).</summary>
    static float L1DecoderCoefficient(LatentEntries en, int j, int start, int end)
    {
        if (en.L1Scale == 0) return 0;
        float norm = en.Norms[j];
        if (!(norm > 0)) return 0;
        float acts = 0;
        for (int p = start; p < end; p++)
        {
            int e = en.List[p];
            if (e < en.MainCount) acts += en.MainValues[e];
        }
        return en.L1Scale * acts / norm;
    }

    /// <summary>
    /// Column i of latent j's gradient rows from its entries [start, end): Σ g·xc[b, i] (encoder) and
    /// Σ c·err[row, i] (decoder; c = (2/B)·relu(v) for main entries, (2c/B)·u for AuxK ones).
    /// </summary>
    static void Gather(LatentEntries en, ArrayView<float> xc, ArrayView<float> errors, int start, int end, int i, int dIn,
        out float encoder, out float decoder)
    {
        encoder = 0;
        decoder = 0;
        for (int p = start; p < end; p++)
        {
            int e = en.List[p];
            int b, errRow;
            float g, c;
            if (e < en.MainCount)
            {
                b = en.UniformMain != 0 ? e / en.K : en.MainRow[e];
                errRow = b;
                g = en.MainGrad[e];
                c = en.GradScale * en.MainValues[e];
            }
            else
            {
                int a = e - en.MainCount;
                b = a / en.KAux;
                errRow = en.Rows + b;
                g = en.AuxGrad[a];
                c = en.AuxGradScale * en.AuxValues[a];
            }
            encoder += g * xc[b * dIn + i];
            decoder += c * errors[errRow * dIn + i];
        }
    }

    /// <summary>
    /// Latent j = Grid.IdxX: ∂W_encᵀ[j] = Σ g·xc_b, ∂W_dec[j] = Σ c·err (c = (2/B)·relu(v) for main,
    /// (2c/B)·u for aux, err the row's e or q), ∂b_enc[j] = Σ g over its entries; the decoder
    /// gradient loses its component along W_dec[j]; rowSq[j] = ‖∂W_encᵀ[j]‖² + ‖∂W_dec[j]‖² + ∂b_enc[j]².
    /// Rows of untouched latents are not written (the optimiser treats them as zero).
    /// </summary>
    public static void LatentGradients(LatentEntries en, ArrayView<float> xc, ArrayView<float> errors, ArrayView<float> wDec,
        ArrayView<float> gWEncT, ArrayView<float> gWDec, ArrayView<float> gBEnc, ArrayView<float> rowSq, int dIn)
    {
        var scratch = SharedMemory.Allocate<float>(GroupPrimitives.MaxGroup / 4);
        int j = Grid.IdxX, t = Group.IdxX;
        int start = en.Offsets[j], end = en.Offsets[j + 1];
        if (start == end)
        {
            if (t == 0)
            {
                gBEnc[j] = 0;
                rowSq[j] = 0;
            }
            return;
        }
        int o = j * dIn;
        float l1 = L1DecoderCoefficient(en, j, start, end);
        float dotPart = 0;
        for (int i = t; i < dIn; i += Group.DimX)
        {
            Gather(en, xc, errors, start, end, i, dIn, out float ge, out float gd);
            gd += l1 * wDec[o + i];
            gWEncT[o + i] = ge;
            gWDec[o + i] = gd;
            dotPart += gd * wDec[o + i];
        }
        // Unit-norm decoders lose the gradient component along their row; ReLU-L1 keeps it.
        float dot = en.UnitNorm != 0 ? GroupPrimitives.GroupSum(dotPart, scratch) : 0f;
        float sq = 0;
        for (int i = t; i < dIn; i += Group.DimX)
        {
            float gd = gWDec[o + i] - dot * wDec[o + i];
            gWDec[o + i] = gd;
            float ge = gWEncT[o + i];
            sq += gd * gd + ge * ge;
        }
        sq = GroupPrimitives.GroupSum(sq, scratch);
        if (t == 0)
        {
            float gb = 0;
            for (int p = start; p < end; p++)
            {
                int e = en.List[p];
                gb += e < en.MainCount ? en.MainGrad[e] : en.AuxGrad[e - en.MainCount];
            }
            gBEnc[j] = gb;
            rowSq[j] = sq + gb * gb;
        }
    }

    /// <summary>∂b_enc[j] = Σ g over latent j's entries, one thread per latent (the fused path needs it before the rows).</summary>
    public static void EncoderBiasGradient(Index1D j, LatentEntries en, ArrayView<float> gBEnc)
    {
        float gb = 0;
        for (int p = en.Offsets[j]; p < en.Offsets[j + 1]; p++)
        {
            int e = en.List[p];
            gb += e < en.MainCount ? en.MainGrad[e] : en.AuxGrad[e - en.MainCount];
        }
        gBEnc[j] = gb;
    }

    /// <summary>
    /// Without clipping, gradients need not be written at all: latent j = Grid.IdxX sums its
    /// encoder and decoder gradient rows into shared memory (as <see cref="LatentGradients"/> does),
    /// projects the decoder row, writes rowSq[j] (for the reported norm), applies Adam to both weight
    /// rows and renormalises the decoder row. Saves writing and re-reading two [d_sae, d_in] gradients.
    /// ∂b_enc must already be in gBEnc (<see cref="EncoderBiasGradient"/>). dIn ≤ <see cref="MaxFusedDIn"/>.
    /// </summary>
    public static void FusedGradientAdam(LatentEntries en, ArrayView<float> xc, ArrayView<float> errors, ArrayView<float> gBEnc,
        ArrayView<float> rowSq, ArrayView<float> wEncT, ArrayView<float> mEnc, ArrayView<float> vEnc,
        ArrayView<float> wDec, ArrayView<float> mDec, ArrayView<float> vDec, AdamParams a, int dIn)
    {
        var scratch = SharedMemory.Allocate<float>(GroupPrimitives.MaxGroup / 4);
        var ge = SharedMemory.Allocate<float>(MaxFusedDIn);
        var gd = SharedMemory.Allocate<float>(MaxFusedDIn);
        int j = Grid.IdxX, t = Group.IdxX;
        int start = en.Offsets[j], end = en.Offsets[j + 1];
        int o = j * dIn;
        if (start < end)
        {
            float l1 = L1DecoderCoefficient(en, j, start, end);
            float dotPart = 0;
            for (int i = t; i < dIn; i += Group.DimX)
            {
                Gather(en, xc, errors, start, end, i, dIn, out float sumE, out float sumD);
                sumD += l1 * wDec[o + i];
                ge[i] = sumE;
                gd[i] = sumD;
                dotPart += sumD * wDec[o + i];
            }
            float dot = en.UnitNorm != 0 ? GroupPrimitives.GroupSum(dotPart, scratch) : 0f;
            float sq = 0;
            for (int i = t; i < dIn; i += Group.DimX)
            {
                float d = gd[i] - dot * wDec[o + i];
                gd[i] = d;
                sq += d * d + ge[i] * ge[i];
            }
            sq = GroupPrimitives.GroupSum(sq, scratch);
            if (t == 0)
            {
                float gb = gBEnc[j];
                rowSq[j] = sq + gb * gb;
            }
        }
        else
        {
            for (int i = t; i < dIn; i += Group.DimX)
            {
                ge[i] = 0;
                gd[i] = 0;
            }
            if (t == 0) rowSq[j] = 0;
        }
        float wsq = 0;
        for (int i = t; i < dIn; i += Group.DimX)
        {
            IlgpuAdamKernels.AdamUpdate(wEncT, mEnc, vEnc, o + i, ge[i], a);
            float w = IlgpuAdamKernels.AdamUpdate(wDec, mDec, vDec, o + i, gd[i], a);
            wsq += w * w;
        }
        if (en.UnitNorm == 0) return;
        float norm = MathF.Sqrt(GroupPrimitives.GroupSum(wsq, scratch));
        if (norm > 0)
            for (int i = t; i < dIn; i += Group.DimX) wDec[o + i] /= norm;
    }
}
