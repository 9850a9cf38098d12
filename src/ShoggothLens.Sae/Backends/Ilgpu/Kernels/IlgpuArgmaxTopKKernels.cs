using ILGPU;
using ILGPU.Runtime;

namespace ShoggothLens.Sae.Backends.Ilgpu.Kernels;

/// <summary>
/// The argmax-round selections of each row's top k (<see cref="RowTopK"/> mirrors
/// <see cref="Torch.Sparse.RowTopK"/>): one thread per row (the CPU accelerator's default), or one
/// group per row (which also finishes the rows <see cref="IlgpuRadixTopKKernels"/> flags).
/// </summary>
internal static class IlgpuArgmaxTopKKernels
{
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
