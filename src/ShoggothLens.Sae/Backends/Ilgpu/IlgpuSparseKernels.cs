using ILGPU;
using ILGPU.Runtime;

namespace ShoggothLens.Sae.Backends.Ilgpu;

/// <summary>
/// The sparse half of the TopK step on the GPU, group-parallel and atomics-light:
/// one group per token row decodes from its k selected decoder rows; the (row, latent) entries are
/// then counting-sorted by latent so that one group per latent sums its encoder and decoder
/// gradient rows in registers, projects the decoder gradient and writes each row once; a last
/// group-per-latent pass applies Adam to both weight rows and renormalises the decoder row. Each
/// kernel computes what <see cref="IlgpuKernels"/>' one-thread-per-row versions computed, up to
/// summation order.
/// </summary>
internal readonly struct LatentEntries
{
    /// <summary>offsets[j]..offsets[j+1] is latent j's segment of <see cref="List"/> (entry ids).</summary>
    public readonly ArrayView<int> Offsets, List;
    /// <summary>Entries below MainCount are main (b·K + r); the rest aux (MainCount + b·KAux + r).</summary>
    public readonly int MainCount, K, KAux, Rows;
    public readonly ArrayView<float> MainValues, MainGrad, AuxValues, AuxGrad;
    /// <summary>(2/B) and (2c/B)·scale of AuxK: the decoder-gradient coefficients.</summary>
    public readonly float GradScale, AuxGradScale;
    /// <summary>Row of each main entry when rows are ragged (BatchTopK, UniformMain 0); else row = entry / K.</summary>
    public readonly ArrayView<int> MainRow;
    public readonly int UniformMain;
    /// <summary>TopK/BatchTopK keep decoder rows at unit norm (project the gradient, renormalise after Adam); ReLU-L1 does not.</summary>
    public readonly int UnitNorm;
    /// <summary>ReLU-L1: ∂W_dec[j] gains L1Scale·(Σ v)·W_dec[j]/‖W_dec[j]‖ (Norms); 0 otherwise.</summary>
    public readonly float L1Scale;
    public readonly ArrayView<float> Norms;

    public LatentEntries(ArrayView<int> offsets, ArrayView<int> list, int mainCount, int k, int kAux, int rows,
        ArrayView<float> mainValues, ArrayView<float> mainGrad, ArrayView<float> auxValues, ArrayView<float> auxGrad, float gradScale, float auxGradScale,
        ArrayView<int> mainRow, bool uniformMain, bool unitNorm, float l1Scale, ArrayView<float> norms)
    {
        UnitNorm = unitNorm ? 1 : 0;
        L1Scale = l1Scale;
        Norms = norms;
        MainRow = mainRow;
        UniformMain = uniformMain ? 1 : 0;
        Offsets = offsets;
        List = list;
        MainCount = mainCount;
        K = k;
        KAux = kAux;
        Rows = rows;
        MainValues = mainValues;
        MainGrad = mainGrad;
        AuxValues = auxValues;
        AuxGrad = auxGrad;
        GradScale = gradScale;
        AuxGradScale = auxGradScale;
    }
}

/// <summary>What one <see cref="IlgpuSparseKernels.DecodeRows"/> launch decodes (main or AuxK).</summary>
internal readonly struct DecodeArgs
{
    public readonly ArrayView<float> Source, Values, Output, Grad;
    public readonly ArrayView<int> Latents;
    /// <summary>Ragged rows (BatchTopK): row b's entries are [RowStart[b], RowStart[b+1]); unused when Uniform.</summary>
    public readonly ArrayView<int> RowStart;
    public readonly float Sign, Scale;
    public readonly int PerRow, Rectify, SquareSlot, ActiveSlot, Uniform;
    /// <summary>ReLU-L1: ∂pre gains L1Scale·‖W_dec[j]‖ (Norms) and Σ v·‖W_dec[j]‖ goes to sums[SparsitySlot + b]; 0 and −1 otherwise.</summary>
    public readonly ArrayView<float> Norms;
    public readonly float L1Scale;
    public readonly int SparsitySlot;

    public DecodeArgs(ArrayView<float> source, float sign, ArrayView<int> latents, ArrayView<float> values, int perRow, bool rectify,
        ArrayView<float> output, float scale, ArrayView<float> grad, int squareSlot, int activeSlot, ArrayView<int> rowStart, bool uniform,
        ArrayView<float> norms, float l1Scale, int sparsitySlot)
    {
        Norms = norms;
        L1Scale = l1Scale;
        SparsitySlot = sparsitySlot;
        RowStart = rowStart;
        Uniform = uniform ? 1 : 0;
        Source = source;
        Sign = sign;
        Latents = latents;
        Values = values;
        PerRow = perRow;
        Rectify = rectify ? 1 : 0;
        Output = output;
        Scale = scale;
        Grad = grad;
        SquareSlot = squareSlot;
        ActiveSlot = activeSlot;
    }
}

internal static class IlgpuSparseKernels
{
    /// <summary>Threads per group on a GPU (the kernels read Group.DimX, so the CPU accelerator runs smaller groups).</summary>
    public const int Threads = 256;

    /// <summary>Largest group the kernels' shared arrays are sized for.</summary>
    public const int MaxGroup = 1024;

    /// <summary>Widest input the fused gradient-and-Adam kernel holds in shared memory (two rows of floats).</summary>
    public const int MaxFusedDIn = 4096;

    /// <summary>Latents per partial sum of <see cref="EncoderBiasTerm"/>.</summary>
    public const int LatentBlock = 256;

    /// <summary>Rows of a partial column sum (<see cref="ColumnSums"/>).</summary>
    public const int ColumnBlock = 64;

    static float WarpSum(float v)
    {
        for (int d = Warp.WarpSize / 2; d > 0; d >>= 1) v += Warp.ShuffleDown(v, d);
        return v;
    }

    /// <summary>Sum over the group; every thread gets the total (same order everywhere, so deterministic).</summary>
    static float GroupSum(float v, ArrayView<float> scratch)
    {
        v = WarpSum(v);
        if (Warp.LaneIdx == 0) scratch[Warp.WarpIdx] = v;
        Group.Barrier();
        int warps = (Group.DimX + Warp.WarpSize - 1) / Warp.WarpSize;
        float total = 0;
        for (int w = 0; w < warps; w++) total += scratch[w];
        Group.Barrier();
        return total;
    }

    /// <summary>
    /// Row b = Grid.IdxX: out_b = b_dec + Σ_r w_r·W_dec[j_r] + sign·src_b, its squared norm into
    /// sums[sqSlot + b], and grad[b, r] = scale·⟨out_b, W_dec[j_r]⟩. Main decode (rectify = 1): w = v
    /// where v &gt; 0 (else the entry is inactive: no term, grad 0), sign −1, src = x, the active count
    /// into sums[activeSlot + b]. AuxK (rectify = 0): w = u for every entry, sign +1, src = e.
    /// </summary>
    public static void DecodeRows(DecodeArgs d, ArrayView<float> wDec, ArrayView<float> bDec, ArrayView<float> sums, int dIn)
    {
        var src = d.Source;
        var latents = d.Latents;
        var values = d.Values;
        var output = d.Output;
        var grad = d.Grad;
        int perRow = d.PerRow, rectify = d.Rectify;
        float sign = d.Sign, scale = d.Scale;
        int sqSlot = d.SquareSlot, activeSlot = d.ActiveSlot;
        var scratch = SharedMemory.Allocate<float>(MaxGroup / 4);
        int b = Grid.IdxX, t = Group.IdxX;
        int eo = b * dIn, lo = b * perRow;
        if (d.Uniform == 0)
        {
            lo = d.RowStart[b];
            perRow = d.RowStart[b + 1] - lo;
        }
        float sq = 0;
        for (int i = t; i < dIn; i += Group.DimX)
        {
            float acc = bDec[i];
            for (int r = 0; r < perRow; r++)
            {
                float v = values[lo + r];
                if (rectify != 0 && !(v > 0)) continue;
                acc += v * wDec[latents[lo + r] * dIn + i];
            }
            float o = acc + sign * src[eo + i];
            output[eo + i] = o;
            sq += o * o;
        }
        sq = GroupSum(sq, scratch);
        // GroupSum's barriers also make this group's writes of output visible to all its threads.
        // Each warp takes every warps-th entry; its lane 0 also counts the active ones (and their
        // L1 share), so a ReLU row of thousands of entries is never walked by one thread.
        int warps = Group.DimX / Warp.WarpSize;
        float activeCount = 0, l1 = 0;
        for (int r = Warp.WarpIdx; r < perRow; r += warps)
        {
            float v = values[lo + r];
            bool active = rectify == 0 || v > 0;
            float dot = 0;
            if (active)
            {
                int wo = latents[lo + r] * dIn;
                for (int i = Warp.LaneIdx; i < dIn; i += Warp.WarpSize) dot += output[eo + i] * wDec[wo + i];
            }
            dot = WarpSum(dot);
            if (Warp.LaneIdx == 0)
            {
                float norm = d.L1Scale != 0 || d.SparsitySlot >= 0 ? d.Norms[latents[lo + r]] : 0f;
                grad[lo + r] = active ? scale * dot + d.L1Scale * norm : 0f;
                if (v > 0)
                {
                    activeCount += 1;
                    l1 += v * norm;
                }
            }
        }
        if (activeSlot >= 0) activeCount = GroupSum(activeCount, scratch);
        if (d.SparsitySlot >= 0) l1 = GroupSum(l1, scratch);
        if (t == 0)
        {
            sums[sqSlot + b] = sq;
            if (activeSlot >= 0) sums[activeSlot + b] = activeCount;
            if (d.SparsitySlot >= 0) sums[d.SparsitySlot + b] = l1;
        }
    }

    /// <summary>
    /// Entry e of [0, mainCount + auxCount): main entries are (b, r) of the main selection, counted
    /// only when active; aux entries follow. Counts entries per latent into counts[j] and main
    /// firings into fired[j].
    /// </summary>
    public static void CountEntries(Index1D e, ArrayView<int> mainLatents, ArrayView<float> mainValues, int mainCount,
        ArrayView<int> auxLatents, ArrayView<int> counts, ArrayView<int> fired)
    {
        if (e < mainCount)
        {
            if (!(mainValues[e] > 0)) return;
            int j = mainLatents[e];
            Atomic.Add(ref counts[j], 1);
            Atomic.Add(ref fired[j], 1);
        }
        else
        {
            Atomic.Add(ref counts[auxLatents[e - mainCount]], 1);
        }
    }

    /// <summary>
    /// Exclusive prefix sum of counts[0..n) into offsets[0..n] (offsets[n] = total), copied to
    /// cursor for the scatter. One group (a power of two, at most <see cref="MaxGroup"/> threads); each thread owns a contiguous run.
    /// </summary>
    public static void ScanOffsets(ArrayView<int> counts, ArrayView<int> offsets, ArrayView<int> cursor, int n)
    {
        var partial = SharedMemory.Allocate<int>(MaxGroup);
        int t = Group.IdxX, threads = Group.DimX;
        int per = (n + threads - 1) / threads;
        int start = t * per, end = Math.Min(start + per, n);
        int local = 0;
        for (int i = start; i < end; i++) local += counts[i];
        int run = ExclusiveScan(local, partial, t, threads);
        for (int i = start; i < end; i++)
        {
            offsets[i] = run;
            cursor[i] = run;
            run += counts[i];
        }
        if (t == threads - 1) offsets[n] = run;
    }

    /// <summary>Exclusive prefix sum over the group (partial: shared scratch of the group's size); ends with a barrier.</summary>
    internal static int ExclusiveScan(int value, ArrayView<int> partial, int t, int threads)
    {
        partial[t] = value;
        Group.Barrier();
        for (int s = 1; s < threads; s <<= 1)
        {
            int add = t >= s ? partial[t - s] : 0;
            Group.Barrier();
            partial[t] += add;
            Group.Barrier();
        }
        int result = partial[t] - value;
        Group.Barrier();
        return result;
    }

    /// <summary>Places entry e in its latent's segment of the list (order within a segment is not fixed).</summary>
    public static void ScatterEntries(Index1D e, ArrayView<int> mainLatents, ArrayView<float> mainValues, int mainCount,
        ArrayView<int> auxLatents, ArrayView<int> cursor, ArrayView<int> list)
    {
        int j;
        if (e < mainCount)
        {
            if (!(mainValues[e] > 0)) return;
            j = mainLatents[e];
        }
        else j = auxLatents[e - mainCount];
        list[Atomic.Add(ref cursor[j], 1)] = e;
    }

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

    /// <summary>JumpReLU: θ[j] = exp(log θ[j]), one thread per latent.</summary>
    public static void Thresholds(Index1D j, ArrayView<float> logTheta, ArrayView<float> theta) => theta[j] = MathF.Exp(logTheta[j]);

    /// <summary>
    /// JumpReLU's straight-through gradient of log θ (SAELens; <see cref="Torch.JumpReluSte"/>): row b =
    /// Grid.IdxX scans its pre-activations for those within the bandwidth ε of the threshold
    /// (−½ &lt; (z−θ)/ε &lt; ½, active or not: rare), and adds θ·∂θ to gLogTheta[j], where
    /// ∂θ = (2/B)·⟨e_b, W_dec[j]⟩·(−θ/ε) (the JumpReLU term) + (λ/B)·(−1/ε) (the L0 term).
    /// </summary>
    public static void ThresholdGradients(ArrayView<float> pre, ArrayView<float> bias, ArrayView<float> theta, ArrayView<float> errors,
        ArrayView<float> wDec, ArrayView<float> gLogTheta, int width, int dIn, float bandwidth, float gradScale, float l0Scale)
    {
        int b = Grid.IdxX, t = Group.IdxX;
        long rowOffset = (long)b * width;
        for (int j = t; j < width; j += Group.DimX)
        {
            float z = pre[rowOffset + j] + bias[j];
            float th = theta[j];
            float u = (z - th) / bandwidth;
            if (!(u > -0.5f && u < 0.5f)) continue;
            float dot = 0;
            for (int i = 0; i < dIn; i++) dot += errors[b * dIn + i] * wDec[j * dIn + i];
            float gTheta = gradScale * dot * (-th / bandwidth) + l0Scale * (-1f / bandwidth);
            Atomic.Add(ref gLogTheta[j], th * gTheta);
        }
    }

    /// <summary>Group per latent: norms[j] = ‖W_dec[j]‖.</summary>
    public static void DecoderNorms(ArrayView<float> wDec, ArrayView<float> norms, int dIn)
    {
        var scratch = SharedMemory.Allocate<float>(MaxGroup / 4);
        int j = Grid.IdxX, t = Group.IdxX;
        float sq = 0;
        for (int i = t; i < dIn; i += Group.DimX) sq += wDec[j * dIn + i] * wDec[j * dIn + i];
        sq = GroupSum(sq, scratch);
        if (t == 0) norms[j] = MathF.Sqrt(sq);
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
        var scratch = SharedMemory.Allocate<float>(MaxGroup / 4);
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
        float dot = en.UnitNorm != 0 ? GroupSum(dotPart, scratch) : 0f;
        float sq = 0;
        for (int i = t; i < dIn; i += Group.DimX)
        {
            float gd = gWDec[o + i] - dot * wDec[o + i];
            gWDec[o + i] = gd;
            float ge = gWEncT[o + i];
            sq += gd * gd + ge * ge;
        }
        sq = GroupSum(sq, scratch);
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
        var scratch = SharedMemory.Allocate<float>(MaxGroup / 4);
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
            float dot = en.UnitNorm != 0 ? GroupSum(dotPart, scratch) : 0f;
            float sq = 0;
            for (int i = t; i < dIn; i += Group.DimX)
            {
                float d = gd[i] - dot * wDec[o + i];
                gd[i] = d;
                sq += d * d + ge[i] * ge[i];
            }
            sq = GroupSum(sq, scratch);
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
            AdamUpdate(wEncT, mEnc, vEnc, o + i, ge[i], a);
            float w = AdamUpdate(wDec, mDec, vDec, o + i, gd[i], a);
            wsq += w * w;
        }
        if (en.UnitNorm == 0) return;
        float norm = MathF.Sqrt(GroupSum(wsq, scratch));
        if (norm > 0)
            for (int i = t; i < dIn; i += Group.DimX) wDec[o + i] /= norm;
    }

    /// <summary>gBDec[i] += scale·Σ rows [blk·64, blk·64+64) of m[·, i]; thread = blk·dIn + i.</summary>
    public static void ColumnSums(Index1D t, ArrayView<float> m, int rows, int dIn, float scale, ArrayView<float> gBDec)
    {
        int i = t % dIn, blk = t / dIn;
        int start = blk * ColumnBlock, end = Math.Min(start + ColumnBlock, rows);
        float s = 0;
        for (int r = start; r < end; r++) s += m[r * dIn + i];
        Atomic.Add(ref gBDec[i], scale * s);
    }

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

    /// <summary>
    /// One group: the global gradient norm √(Σ rowSq + Σ ∂b_dec²) into stats[0] and the clipping
    /// factor min(1, maxNorm/(norm + 1e-6)) (1 when maxNorm ≤ 0) into stats[1].
    /// </summary>
    public static void ClipFactor(ArrayView<float> rowSq, int dSae, ArrayView<float> gBDec, int dIn, float maxNorm, ArrayView<float> stats,
        ArrayView<float> extra, int extraCount)
    {
        var scratch = SharedMemory.Allocate<float>(MaxGroup / 4);
        int t = Group.IdxX;
        float s = 0;
        for (int j = t; j < dSae; j += Group.DimX) s += rowSq[j];
        for (int j = t; j < extraCount; j += Group.DimX) s += extra[j] * extra[j];
        for (int i = t; i < dIn; i += Group.DimX) s += gBDec[i] * gBDec[i];
        s = GroupSum(s, scratch);
        if (t == 0)
        {
            float norm = MathF.Sqrt(s);
            stats[0] = norm;
            stats[1] = maxNorm > 0 ? MathF.Min(1f, maxNorm / (norm + 1e-6f)) : 1f;
        }
    }

    static float AdamUpdate(ArrayView<float> param, ArrayView<float> m, ArrayView<float> v, int i, float g, AdamParams a)
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
        var scratch = SharedMemory.Allocate<float>(MaxGroup / 4);
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
        float norm = MathF.Sqrt(GroupSum(sq, scratch));
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
