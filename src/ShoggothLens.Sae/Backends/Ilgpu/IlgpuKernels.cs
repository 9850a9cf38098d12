using ILGPU;
using ILGPU.Runtime;

namespace ShoggothLens.Sae.Backends.Ilgpu;

/// <summary>Sizes and scale factors the decode and gradient kernels share.</summary>
internal readonly struct StepParams
{
    public readonly int Rows, DIn, DSae, K, KAux, ApplyBDecToInput, HasAux;
    public readonly float GradScale, AuxGradScale;

    public StepParams(int rows, int dIn, int dSae, int k, int kAux, bool applyBDecToInput, bool hasAux, float gradScale, float auxGradScale)
    {
        Rows = rows;
        DIn = dIn;
        DSae = dSae;
        K = k;
        KAux = kAux;
        ApplyBDecToInput = applyBDecToInput ? 1 : 0;
        HasAux = hasAux ? 1 : 0;
        GradScale = gradScale;
        AuxGradScale = auxGradScale;
    }
}

/// <summary>PyTorch's Adam constants for one step, plus the clipping factor applied to every gradient.</summary>
internal readonly struct AdamParams
{
    public readonly float Beta1, Beta2, Epsilon, StepSize, BiasCorrection2Sqrt, Clip;

    public AdamParams(float beta1, float beta2, float epsilon, float stepSize, float biasCorrection2Sqrt, float clip)
    {
        Beta1 = beta1;
        Beta2 = beta2;
        Epsilon = epsilon;
        StepSize = stepSize;
        BiasCorrection2Sqrt = biasCorrection2Sqrt;
        Clip = clip;
    }
}

/// <summary>
/// The ILGPU kernels of the TopK step; each mirrors one piece of the CPU sparse path
/// (<see cref="Cpu.RowTopK"/>, <see cref="Cpu.SparseDecodeKernel"/>, <see cref="Cpu.LatentGradientKernel"/>,
/// <see cref="Cpu.AdamKernel"/>) and computes the same values up to summation order.
/// </summary>
internal static class IlgpuKernels
{
    /// <summary>Tile edge of the shared-memory GEMM; a group is Tile×Tile = 256 threads.</summary>
    public const int Tile = 16;

    /// <summary>xc = x − b_dec (or a copy of x), element-wise over [rows, d_in].</summary>
    public static void Center(Index1D i, ArrayView<float> x, ArrayView<float> bDec, ArrayView<float> xc, int dIn, int center)
    {
        xc[i] = center != 0 ? x[i] - bDec[i % dIn] : x[i];
    }

    /// <summary>
    /// C[m, n] = Σ_k A[m, k]·B[n, k] (A·Bᵀ, both row-major with k contiguous), tiled through shared
    /// memory: each Tile×Tile group loads one tile of A and one of B per k-step.
    /// Launch with grid ((n+T−1)/T, (m+T−1)/T) and group (T, T).
    /// </summary>
    public static void GemmNT(ArrayView<float> a, ArrayView<float> b, ArrayView<float> c, int m, int n, int kDim)
    {
        var ta = SharedMemory.Allocate<float>(Tile * Tile);
        var tb = SharedMemory.Allocate<float>(Tile * Tile);
        int tx = Group.IdxX, ty = Group.IdxY;
        int row = Grid.IdxY * Tile + ty;
        int col = Grid.IdxX * Tile + tx;
        int bRow = Grid.IdxX * Tile + ty;
        float acc = 0f;
        for (int t0 = 0; t0 < kDim; t0 += Tile)
        {
            int kk = t0 + tx;
            ta[ty * Tile + tx] = row < m && kk < kDim ? a[row * kDim + kk] : 0f;
            tb[ty * Tile + tx] = bRow < n && kk < kDim ? b[bRow * kDim + kk] : 0f;
            Group.Barrier();
            for (int l = 0; l < Tile; l++) acc += ta[ty * Tile + l] * tb[tx * Tile + l];
            Group.Barrier();
        }
        if (row < m && col < n) c[row * n + col] = acc;
    }

    /// <summary>
    /// Per row b, the k largest of pre[b, j] + bias[j] over the candidate latents j (all latents, or
    /// AuxK's dead ones), in decreasing order (ties: lower latent first): k rounds of an argmax
    /// restricted to values after the previous pick. One thread per row; k is small.
    /// </summary>
    public static void RowTopK(Index1D b, ArrayView<float> pre, ArrayView<float> bias, ArrayView<int> candidates,
        int candidateCount, int width, int k, ArrayView<int> latents, ArrayView<float> values)
    {
        float pv = float.PositiveInfinity;
        int pj = -1;
        int rowOffset = b * width;
        for (int r = 0; r < k; r++)
        {
            float bv = float.NegativeInfinity;
            int bj = -1;
            for (int c = 0; c < candidateCount; c++)
            {
                int j = candidates[c];
                float v = pre[rowOffset + j] + bias[j];
                bool after = v < pv || (v == pv && j > pj);
                if (!after) continue;
                if (bj < 0 || v > bv || (v == bv && j < bj))
                {
                    bv = v;
                    bj = j;
                }
            }
            if (bj < 0)
            {
                // Fewer than k comparable values (NaNs): repeat the last pick with no activation.
                bj = pj < 0 ? 0 : pj;
                bv = float.NegativeInfinity;
            }
            latents[b * k + r] = bj;
            values[b * k + r] = bv;
            pv = bv;
            pj = bj;
        }
    }

    /// <summary>Threads per group of <see cref="RowTopKGroup"/>.</summary>
    public const int SelectGroup = 256;

    /// <summary>
    /// The same selection as <see cref="RowTopK"/> with one 256-thread group per row: each of the k
    /// rounds is a strided scan of the candidates by every thread, then a shared-memory argmax tree.
    /// Launch with grid (rows) and group (SelectGroup).
    /// </summary>
    public static void RowTopKGroup(ArrayView<float> pre, ArrayView<float> bias, ArrayView<int> candidates,
        int candidateCount, int width, int k, ArrayView<int> latents, ArrayView<float> values)
    {
        var sv = SharedMemory.Allocate<float>(SelectGroup);
        var sj = SharedMemory.Allocate<int>(SelectGroup);
        int b = Grid.IdxX, t = Group.IdxX;
        int rowOffset = b * width;
        float pv = float.PositiveInfinity;
        int pj = -1;
        for (int r = 0; r < k; r++)
        {
            float bv = float.NegativeInfinity;
            int bj = -1;
            for (int c = t; c < candidateCount; c += SelectGroup)
            {
                int j = candidates[c];
                float v = pre[rowOffset + j] + bias[j];
                bool after = v < pv || (v == pv && j > pj);
                if (!after) continue;
                if (bj < 0 || v > bv || (v == bv && j < bj))
                {
                    bv = v;
                    bj = j;
                }
            }
            sv[t] = bv;
            sj[t] = bj;
            Group.Barrier();
            for (int s = SelectGroup / 2; s > 0; s >>= 1)
            {
                if (t < s)
                {
                    float ov = sv[t + s];
                    int oj = sj[t + s];
                    int mj = sj[t];
                    if (oj >= 0 && (mj < 0 || ov > sv[t] || (ov == sv[t] && oj < mj)))
                    {
                        sv[t] = ov;
                        sj[t] = oj;
                    }
                }
                Group.Barrier();
            }
            bv = sv[0];
            bj = sj[0];
            Group.Barrier();
            if (bj < 0)
            {
                bj = pj < 0 ? 0 : pj;
                bv = float.NegativeInfinity;
            }
            if (t == 0)
            {
                latents[b * k + r] = bj;
                values[b * k + r] = bv;
            }
            pv = bv;
            pj = bj;
        }
    }

    /// <summary>
    /// One thread per row: e_b = b_dec + Σ relu(v)·W_dec[j] − x_b into errors row b, its squared
    /// norm and active count into sums[b] and sums[2·rows + b], and g = (2/B)·⟨e_b, W_dec[j]⟩ for active entries.
    /// </summary>
    public static void DecodeMain(Index1D b, ArrayView<float> x, ArrayView<float> wDec, ArrayView<float> bDec,
        ArrayView<int> latents, ArrayView<float> values, ArrayView<float> errors, ArrayView<float> grad,
        ArrayView<float> sums, StepParams p)
    {
        int dIn = p.DIn, eo = b * dIn;
        for (int i = 0; i < dIn; i++) errors[eo + i] = bDec[i];
        float active = 0;
        for (int r = 0; r < p.K; r++)
        {
            float v = values[b * p.K + r];
            if (!(v > 0)) continue;
            int wo = latents[b * p.K + r] * dIn;
            for (int i = 0; i < dIn; i++) errors[eo + i] += v * wDec[wo + i];
            active += 1;
        }
        float sq = 0;
        for (int i = 0; i < dIn; i++)
        {
            float e = errors[eo + i] - x[eo + i];
            errors[eo + i] = e;
            sq += e * e;
        }
        for (int r = 0; r < p.K; r++)
        {
            float v = values[b * p.K + r];
            float g = 0;
            if (v > 0)
            {
                int wo = latents[b * p.K + r] * dIn;
                float dot = 0;
                for (int i = 0; i < dIn; i++) dot += errors[eo + i] * wDec[wo + i];
                g = p.GradScale * dot;
            }
            grad[b * p.K + r] = g;
        }
        sums[b] = sq;
        sums[2 * p.Rows + b] = active;
    }

    /// <summary>AuxK per row: q_b = b_dec + Σ u·W_dec[a] + e_b into errors row rows + b, its squared norm into sums[rows + b], h = (2c/B)·⟨q_b, W_dec[a]⟩.</summary>
    public static void DecodeAux(Index1D b, ArrayView<float> wDec, ArrayView<float> bDec,
        ArrayView<int> latents, ArrayView<float> values, ArrayView<float> errors, ArrayView<float> grad,
        ArrayView<float> sums, StepParams p)
    {
        int dIn = p.DIn, eo = b * dIn, qo = (p.Rows + b) * dIn;
        for (int i = 0; i < dIn; i++) errors[qo + i] = bDec[i];
        for (int r = 0; r < p.KAux; r++)
        {
            float u = values[b * p.KAux + r];
            int wo = latents[b * p.KAux + r] * dIn;
            for (int i = 0; i < dIn; i++) errors[qo + i] += u * wDec[wo + i];
        }
        float sq = 0;
        for (int i = 0; i < dIn; i++)
        {
            float q = errors[qo + i] + errors[eo + i];
            errors[qo + i] = q;
            sq += q * q;
        }
        for (int r = 0; r < p.KAux; r++)
        {
            int wo = latents[b * p.KAux + r] * dIn;
            float dot = 0;
            for (int i = 0; i < dIn; i++) dot += errors[qo + i] * wDec[wo + i];
            grad[b * p.KAux + r] = p.AuxGradScale * dot;
        }
        sums[p.Rows + b] = sq;
    }

    /// <summary>
    /// Sparse encoder/decoder gradients by atomics, one thread per (entry, column):
    /// ∂W_encᵀ[j] += g·xc_b, ∂W_dec[j] += c·err, ∂b_enc[j] += g. errOffset picks e (main, 0) or q (aux, rows);
    /// decScale is (2/B) with the activation relu(v) (main) or (2c/B) with u (aux).
    /// </summary>
    public static void LatentGradients(Index1D t, ArrayView<float> xc, ArrayView<float> errors,
        ArrayView<int> latents, ArrayView<float> values, ArrayView<float> grad, int perRow, int errOffset, float decScale, int onlyActive,
        ArrayView<float> gWEncT, ArrayView<float> gWDec, ArrayView<float> gBEnc, ArrayView<int> touched, StepParams p)
    {
        int dIn = p.DIn;
        int entry = t / dIn, i = t - entry * dIn, b = entry / perRow;
        float v = values[entry];
        if (onlyActive != 0 && !(v > 0)) return;
        int j = latents[entry];
        float g = grad[entry];
        Atomic.Add(ref gWEncT[j * dIn + i], g * xc[b * dIn + i]);
        Atomic.Add(ref gWDec[j * dIn + i], decScale * v * errors[(errOffset + b) * dIn + i]);
        if (i == 0)
        {
            Atomic.Add(ref gBEnc[j], g);
            touched[j] = 1;
        }
    }

    /// <summary>
    /// One thread per latent: removes the component of ∂W_dec[j] along W_dec[j] (unit-norm decoder)
    /// and writes the row's share of the squared gradient norm.
    /// </summary>
    public static void ProjectAndNorm(Index1D j, ArrayView<float> wDec, ArrayView<float> gWEncT, ArrayView<float> gWDec,
        ArrayView<float> gBEnc, ArrayView<int> touched, ArrayView<float> rowSq, int dIn)
    {
        if (touched[j] == 0)
        {
            rowSq[j] = 0;
            return;
        }
        int o = j * dIn;
        float dot = 0;
        for (int i = 0; i < dIn; i++) dot += gWDec[o + i] * wDec[o + i];
        float sq = 0;
        for (int i = 0; i < dIn; i++)
        {
            float gd = gWDec[o + i] - dot * wDec[o + i];
            gWDec[o + i] = gd;
            float ge = gWEncT[o + i];
            sq += gd * gd + ge * ge;
        }
        float gb = gBEnc[j];
        rowSq[j] = sq + gb * gb;
    }

    /// <summary>
    /// One thread per column i: ∂b_dec[i] = (2/B)·Σ_b e[b,i] + (2c/B)·Σ_b q[b,i], minus Σ_j ∂b_enc[j]·W_encᵀ[j,i]
    /// when the encoder sees x − b_dec.
    /// </summary>
    public static void BDecGradient(Index1D i, ArrayView<float> errors, ArrayView<float> gBEnc, ArrayView<float> wEncT,
        ArrayView<float> gBDec, StepParams p)
    {
        int dIn = p.DIn;
        float s = 0;
        for (int b = 0; b < p.Rows; b++)
        {
            s += p.GradScale * errors[b * dIn + i];
            if (p.HasAux != 0) s += p.AuxGradScale * errors[(p.Rows + b) * dIn + i];
        }
        if (p.ApplyBDecToInput != 0)
            for (int j = 0; j < p.DSae; j++)
            {
                float gb = gBEnc[j];
                if (gb != 0) s -= gb * wEncT[j * dIn + i];
            }
        gBDec[i] = s;
    }

    /// <summary>PyTorch's Adam, element-wise, on the clipped gradient.</summary>
    public static void Adam(Index1D i, ArrayView<float> param, ArrayView<float> m, ArrayView<float> v, ArrayView<float> grad, AdamParams a)
    {
        float w1 = 1 - a.Beta1, w2 = 1 - a.Beta2;
        float g = grad[i] * a.Clip;
        float mi = m[i] + w1 * (g - m[i]);
        float vi = v[i] * a.Beta2 + w2 * (g * g);
        m[i] = mi;
        v[i] = vi;
        param[i] -= a.StepSize * (mi / (MathF.Sqrt(vi) / a.BiasCorrection2Sqrt + a.Epsilon));
    }

    /// <summary>One thread per decoder row: scale it to unit length.</summary>
    public static void Renormalise(Index1D j, ArrayView<float> w, int cols)
    {
        int o = j * cols;
        float sq = 0;
        for (int i = 0; i < cols; i++) sq += w[o + i] * w[o + i];
        float norm = MathF.Sqrt(sq);
        if (norm > 0)
            for (int i = 0; i < cols; i++) w[o + i] /= norm;
    }
}
