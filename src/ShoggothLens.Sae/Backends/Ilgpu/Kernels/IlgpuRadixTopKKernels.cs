using ILGPU;
using ILGPU.Runtime;

namespace ShoggothLens.Sae.Backends.Ilgpu.Kernels;

/// <summary>
/// Per-row top-k by radix select, the GPU path of the selection: a row of 24k–65k values is read
/// about twice (a histogram of the top 11 bits of an order-preserving key, rarely a second or third
/// refinement, then one collecting pass) instead of k times as the argmax rounds of
/// <see cref="IlgpuArgmaxTopKKernels.RowTopKGroup"/> do. The collected candidates (the values above the
/// threshold bin plus the bin itself) are sorted in shared memory by (value desc, latent asc), so the
/// result equals <see cref="IlgpuArgmaxTopKKernels.RowTopK"/> exactly, ties included. Rows the buffer cannot
/// hold (more than <see cref="Buffer"/> exact ties at the threshold) or that contain NaN are flagged
/// in <c>overflow</c> and finished by the argmax kernel.
/// </summary>
internal static class IlgpuRadixTopKKernels
{
    /// <summary>Threads per group on a GPU (one group per row; the kernel reads Group.DimX, a power of two ≤ 1024).</summary>
    public const int Threads = 256;
    /// <summary>Histogram bins of the first two passes (11 key bits each; the third pass takes the last 10).</summary>
    public const int Bins = 2048;
    /// <summary>
    /// Candidates the shared-memory sort holds; k must not exceed it. 2048 keeps the kernel at 28 KB
    /// of shared memory, so eight 256-thread groups fit on an H100 multiprocessor.
    /// </summary>
    public const int Buffer = 2048;

    /// <summary>Order-preserving key of a float: larger value, larger key; −0 counts as +0.</summary>
    public static uint Key(float v)
    {
        uint bits = Interop.FloatAsInt(v);
        if (bits == 0x80000000u) bits = 0;
        return (bits & 0x80000000u) != 0 ? ~bits : bits | 0x80000000u;
    }

    /// <summary>The float a <see cref="Key"/> came from.</summary>
    public static float Value(uint key) =>
        Interop.IntAsFloat((key & 0x80000000u) != 0 ? key & 0x7FFFFFFFu : ~key);

    /// <summary>
    /// Row b = Grid.IdxX: the k largest of pre[b, j] + bias[j] over the candidates (all latents when
    /// useList is 0, else candidates[0..count)), in decreasing order, lower latent first on ties.
    /// Launch with grid (rows) and group (<see cref="Threads"/>).
    /// </summary>
    public static void RadixTopK(ArrayView<float> pre, ArrayView<float> bias, ArrayView<int> candidates, int useList, int count,
        int width, int k, ArrayView<int> latents, ArrayView<float> values, ArrayView<int> overflow)
    {
        var hist = SharedMemory.Allocate<int>(Bins);
        var bufKey = SharedMemory.Allocate<uint>(Buffer);
        var bufIdx = SharedMemory.Allocate<int>(Buffer);
        var scan = SharedMemory.Allocate<int>(1024);
        var state = SharedMemory.Allocate<int>(4); // chosen bin, count above it, collect cursor, NaN seen
        int b = Grid.IdxX, t = Group.IdxX, threads = Group.DimX;
        long rowOffset = (long)b * width;
        if (t == 0) state[3] = 0;
        Group.Barrier();

        uint prefix = 0, mask = 0;
        int need = k, greater = 0, inBin = count;
        for (int pass = 0; pass < 3; pass++)
        {
            int shift = pass == 0 ? 21 : pass == 1 ? 10 : 0;
            int bins = pass == 2 ? Bins / 2 : Bins;
            for (int i = t; i < bins; i += threads) hist[i] = 0;
            Group.Barrier();
            for (int c = t; c < count; c += threads)
            {
                int j = useList != 0 ? candidates[c] : c;
                float v = pre[rowOffset + j] + bias[j];
                if ((Interop.FloatAsInt(v) & 0x7FFFFFFFu) > 0x7F800000u) state[3] = 1; // NaN
                uint key = Key(v);
                if ((key & mask) == prefix) Atomic.Add(ref hist[(int)((key >> shift) & (uint)(bins - 1))], 1);
            }
            Group.Barrier();

            // Thread t owns bins [t·per, (t+1)·per); an inclusive suffix scan of the owners' sums finds
            // the bin that holds the need-th largest of the values still matching the prefix.
            int per = bins / threads;
            int local = 0;
            for (int q = 0; q < per; q++) local += hist[t * per + q];
            scan[t] = local;
            Group.Barrier();
            for (int s = 1; s < threads; s <<= 1)
            {
                int add = t + s < threads ? scan[t + s] : 0;
                Group.Barrier();
                scan[t] += add;
                Group.Barrier();
            }
            int above = t + 1 < threads ? scan[t + 1] : 0;
            if (above < need && need <= above + local)
            {
                int acc = above;
                for (int q = per - 1; q >= 0; q--)
                {
                    int h = hist[t * per + q];
                    if (acc + h >= need)
                    {
                        state[0] = t * per + q;
                        state[1] = acc;
                        break;
                    }
                    acc += h;
                }
            }
            Group.Barrier();
            int bin = state[0], countAbove = state[1];
            inBin = hist[bin];
            Group.Barrier();
            greater += countAbove;
            need -= countAbove;
            prefix |= (uint)bin << shift;
            mask |= (uint)(bins - 1) << shift;
            if (greater + inBin <= Buffer) break;
        }

        if (greater + inBin > Buffer || state[3] != 0)
        {
            if (t == 0) overflow[b] = 1;
            return;
        }
        if (t == 0)
        {
            overflow[b] = 0;
            state[2] = 0;
        }
        Group.Barrier();
        for (int c = t; c < count; c += threads)
        {
            int j = useList != 0 ? candidates[c] : c;
            uint key = Key(pre[rowOffset + j] + bias[j]);
            if ((key & mask) >= prefix)
            {
                int slot = Atomic.Add(ref state[2], 1);
                bufKey[slot] = key;
                bufIdx[slot] = j;
            }
        }
        Group.Barrier();
        int n = state[2];
        int size = 1;
        while (size < n) size <<= 1;
        for (int i = n + t; i < size; i += threads)
        {
            bufKey[i] = 0;
            bufIdx[i] = int.MaxValue;
        }
        Group.Barrier();

        // Bitonic sort of [0, size) into "comes first" order: larger key, then lower latent.
        for (int run = 2; run <= size; run <<= 1)
        {
            for (int stride = run >> 1; stride > 0; stride >>= 1)
            {
                for (int i = t; i < size; i += threads)
                {
                    int partner = i ^ stride;
                    if (partner <= i) continue;
                    uint ka = bufKey[i], kb = bufKey[partner];
                    int ia = bufIdx[i], ib = bufIdx[partner];
                    bool aFirst = ka > kb || (ka == kb && ia < ib);
                    bool ascending = (i & run) == 0;
                    if (ascending != aFirst)
                    {
                        bufKey[i] = kb;
                        bufKey[partner] = ka;
                        bufIdx[i] = ib;
                        bufIdx[partner] = ia;
                    }
                }
                Group.Barrier();
            }
        }
        for (int r = t; r < k; r += threads)
        {
            latents[b * k + r] = bufIdx[r];
            values[b * k + r] = Value(bufKey[r]);
        }
    }
}
