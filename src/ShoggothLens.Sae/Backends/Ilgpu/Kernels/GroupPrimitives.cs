using ILGPU;
using ILGPU.Runtime;

namespace ShoggothLens.Sae.Backends.Ilgpu.Kernels;

/// <summary>
/// The reductions the group kernels share: a warp sum by shuffles, a group sum through shared
/// scratch, and an exclusive prefix sum over the group. Each gives every thread the same result in
/// the same order, so the kernels stay deterministic.
/// </summary>
internal static class GroupPrimitives
{
    /// <summary>Largest group the kernels' shared arrays are sized for.</summary>
    public const int MaxGroup = 1024;

    /// <summary>Sum over the warp; lane 0 holds the total.</summary>
    public static float WarpSum(float v)
    {
        for (int d = Warp.WarpSize / 2; d > 0; d >>= 1) v += Warp.ShuffleDown(v, d);
        return v;
    }

    /// <summary>Sum over the group; every thread gets the total (same order everywhere, so deterministic).</summary>
    public static float GroupSum(float v, ArrayView<float> scratch)
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

    /// <summary>Exclusive prefix sum over the group (partial: shared scratch of the group's size); ends with a barrier.</summary>
    public static int ExclusiveScan(int value, ArrayView<int> partial, int t, int threads)
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
}
