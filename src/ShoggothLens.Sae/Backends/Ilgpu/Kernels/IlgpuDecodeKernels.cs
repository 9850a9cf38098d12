using ILGPU;
using ILGPU.Runtime;

namespace ShoggothLens.Sae.Backends.Ilgpu.Kernels;

/// <summary>
/// Decode and ∂pre by one group per token row (main selection or AuxK), with warp-shuffle dot
/// products; what <see cref="Torch.Sparse.SparseDecodeKernel"/> computes on the CPU, up to summation order.
/// </summary>
internal static class IlgpuDecodeKernels
{
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
        var scratch = SharedMemory.Allocate<float>(GroupPrimitives.MaxGroup / 4);
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
        sq = GroupPrimitives.GroupSum(sq, scratch);
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
            dot = GroupPrimitives.WarpSum(dot);
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
        if (activeSlot >= 0) activeCount = GroupPrimitives.GroupSum(activeCount, scratch);
        if (d.SparsitySlot >= 0) l1 = GroupPrimitives.GroupSum(l1, scratch);
        if (t == 0)
        {
            sums[sqSlot + b] = sq;
            if (activeSlot >= 0) sums[activeSlot + b] = activeCount;
            if (d.SparsitySlot >= 0) sums[d.SparsitySlot + b] = l1;
        }
    }
}
