using ILGPU;
using ILGPU.Runtime;

namespace ShoggothLens.Sae.Backends.Ilgpu.Kernels;

/// <summary>
/// The counting sort of a step's (row, latent) entries by latent: count per latent, one group's
/// exclusive scan into segment offsets, then a scatter into each latent's segment, so that one group
/// per latent can later write each gradient row once.
/// </summary>
internal static class IlgpuEntrySortKernels
{
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
    /// cursor for the scatter. One group (a power of two, at most <see cref="GroupPrimitives.MaxGroup"/> threads); each thread owns a contiguous run.
    /// </summary>
    public static void ScanOffsets(ArrayView<int> counts, ArrayView<int> offsets, ArrayView<int> cursor, int n)
    {
        var partial = SharedMemory.Allocate<int>(GroupPrimitives.MaxGroup);
        int t = Group.IdxX, threads = Group.DimX;
        int per = (n + threads - 1) / threads;
        int start = t * per, end = Math.Min(start + per, n);
        int local = 0;
        for (int i = start; i < end; i++) local += counts[i];
        int run = GroupPrimitives.ExclusiveScan(local, partial, t, threads);
        for (int i = start; i < end; i++)
        {
            offsets[i] = run;
            cursor[i] = run;
            run += counts[i];
        }
        if (t == threads - 1) offsets[n] = run;
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
}
