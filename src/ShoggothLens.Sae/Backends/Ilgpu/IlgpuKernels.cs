using ILGPU;
using ILGPU.Runtime;

namespace ShoggothLens.Sae.Backends.Ilgpu;

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
/// The simple ILGPU kernels of the TopK step: centring, the tiled GEMM used without cuBLAS, and the
/// argmax-round selections (<see cref="RowTopK"/> mirrors <see cref="Cpu.RowTopK"/>); the GPU
/// selection is <see cref="IlgpuSelectionKernels"/>, the sparse pass <see cref="IlgpuSparseKernels"/>.
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

    /// <summary>C[m, n] = Σ_k A[m, k]·B[n, k], one thread per output: the product on ILGPU's CPU accelerator, whose groups are too small for the tiles.</summary>
    public static void GemmNTSimple(Index2D ix, ArrayView<float> a, ArrayView<float> b, ArrayView<float> c, int m, int n, int kDim)
    {
        int col = ix.X, row = ix.Y;
        float acc = 0f;
        for (int l = 0; l < kDim; l++) acc += a[row * kDim + l] * b[col * kDim + l];
        c[row * n + col] = acc;
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
    /// One argmax round over candidates start, start+step, …: the largest pre + bias that comes after
    /// the previous pick (pv, pj) in (value desc, latent asc) order; bj = −1 when none does.
    /// </summary>
    static void ScanCandidates(ArrayView<float> pre, ArrayView<float> bias, ArrayView<int> candidates, int start, int count, int step,
        int rowOffset, float pv, int pj, out float bv, out int bj)
    {
        bv = float.NegativeInfinity;
        bj = -1;
        for (int c = start; c < count; c += step)
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
            ScanCandidates(pre, bias, candidates, 0, candidateCount, 1, rowOffset, pv, pj, out float bv, out int bj);
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

    /// <summary>
    /// The same selection as <see cref="RowTopK"/> with one 256-thread group per row: each of the k
    /// rounds is a strided scan of the candidates by every thread, then a shared-memory argmax tree.
    /// Launch with grid (rows) and a group of a power of two ≤ 1024 threads. With onlyFlagged, rows whose flag is 0 are
    /// skipped (the radix select finished them; this kernel finishes the rows it could not).
    /// </summary>
    public static void RowTopKGroup(ArrayView<float> pre, ArrayView<float> bias, ArrayView<int> candidates,
        int candidateCount, int width, int k, ArrayView<int> latents, ArrayView<float> values, ArrayView<int> flagged, int onlyFlagged)
    {
        var sv = SharedMemory.Allocate<float>(1024);
        var sj = SharedMemory.Allocate<int>(1024);
        int b = Grid.IdxX, t = Group.IdxX, threads = Group.DimX;
        if (onlyFlagged != 0 && flagged[b] == 0) return;
        int rowOffset = b * width;
        float pv = float.PositiveInfinity;
        int pj = -1;
        for (int r = 0; r < k; r++)
        {
            ScanCandidates(pre, bias, candidates, t, candidateCount, threads, rowOffset, pv, pj, out float bv, out int bj);
            sv[t] = bv;
            sj[t] = bj;
            Group.Barrier();
            for (int s = threads / 2; s > 0; s >>= 1)
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
}
