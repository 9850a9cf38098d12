using ILGPU;
using ILGPU.Runtime;

namespace ShoggothLens.Sae.Backends.Ilgpu.Kernels;

/// <summary>
/// Selections whose rows hold different numbers of latents. BatchTopK's, the same as <see cref="Torch.Sparse.BatchTopKSelection"/>:
/// the <c>count</c> largest positive values of pre + bias over the whole batch (all of them when
/// there are fewer), found by a radix select over the float bits (positive floats order like their
/// bit patterns) in three histogram passes of 10, 11 and 10 bits, then collected per row in latent
/// order, taking of the values equal to the cut the first ones in row order. The result is ragged:
/// row b's entries are [rowStart[b], rowStart[b+1]) of the entry arrays, each entry knowing its row.
/// Device state (<c>state</c>, ints): see the State* constants. With a count no batch reaches, every
/// positive value is taken (ReLU); with useFloor, a value counts only above floor[j] too (JumpReLU's
/// per-latent thresholds).
/// </summary>
internal static class IlgpuRaggedSelectionKernels
{
    public const int StatePrefix = 0, StatePrefixBits = 1, StateNeed = 2, StatePositives = 3, StateAll = 4, StateMinPositive = 5, StateSize = 8;
    public const int Bins = 2048;

    /// <summary>The three rounds: (shift, bits) over the 31 value bits of a positive float.</summary>
    public static (int Shift, int Bits) Round(int pass) => pass == 0 ? (21, 10) : pass == 1 ? (10, 11) : (0, 10);

    /// <summary>Before the first pass: state = {0, 0, count, 0, 0, int.MaxValue}; the histogram zeroed.</summary>
    public static void Reset(Index1D i, ArrayView<int> state, ArrayView<int> hist, int count)
    {
        if (i < Bins) hist[i] = 0;
        if (i == 0)
        {
            state[StatePrefix] = 0;
            state[StatePrefixBits] = 0;
            state[StateNeed] = count;
            state[StatePositives] = 0;
            state[StateAll] = 0;
            state[StateMinPositive] = int.MaxValue;
        }
    }

    /// <summary>
    /// Row b = Grid.IdxX adds its histogram of bits [shift, shift+bits) of the positive values whose
    /// higher bits equal the prefix so far; pass 0 also counts positives and their smallest bit pattern.
    /// With countOnly (ReLU, JumpReLU: every value is taken) pass 0 only counts.
    /// </summary>
    public static void Histogram(ArrayView<float> pre, ArrayView<float> bias, int width, int shift, int bits, int pass,
        ArrayView<int> state, ArrayView<int> hist, ArrayView<float> floor, int useFloor, int countOnly)
    {
        var local = SharedMemory.Allocate<int>(Bins);
        var scalars = SharedMemory.Allocate<int>(2);
        int b = Grid.IdxX, t = Group.IdxX, threads = Group.DimX;
        if (state[StateAll] != 0) return; // every positive value is taken: nothing to refine
        int bins = 1 << bits;
        for (int i = t; i < bins; i += threads) local[i] = 0;
        if (t == 0)
        {
            scalars[0] = 0;
            scalars[1] = int.MaxValue;
        }
        Group.Barrier();
        int prefix = state[StatePrefix], prefixBits = state[StatePrefixBits];
        int prefixShift = shift + bits;
        long rowOffset = (long)b * width;
        int positives = 0, smallest = int.MaxValue;
        for (int j = t; j < width; j += threads)
        {
            float v = pre[rowOffset + j] + bias[j];
            if (!(v > 0) || (useFloor != 0 && !(v > floor[j]))) continue;
            int u = (int)Interop.FloatAsInt(v);
            positives++;
            if (u < smallest) smallest = u;
            if (countOnly != 0 || (prefixBits > 0 && (u >> prefixShift) != prefix)) continue;
            Atomic.Add(ref local[(u >> shift) & (bins - 1)], 1);
        }
        if (pass == 0)
        {
            Atomic.Add(ref scalars[0], positives);
            Atomic.Min(ref scalars[1], smallest);
        }
        Group.Barrier();
        for (int i = t; i < bins; i += threads)
        {
            int h = local[i];
            if (h != 0) Atomic.Add(ref hist[i], h);
        }
        if (pass == 0 && t == 0)
        {
            Atomic.Add(ref state[StatePositives], scalars[0]);
            Atomic.Min(ref state[StateMinPositive], scalars[1]);
        }
    }

    /// <summary>One thread after each pass: picks the bin holding the need-th largest, extends the prefix, clears the histogram.</summary>
    public static void Choose(Index1D i, ArrayView<int> state, ArrayView<int> hist, int bits, int pass)
    {
        if (pass == 0 && state[StatePositives] <= state[StateNeed]) state[StateAll] = 1;
        if (state[StateAll] == 0)
        {
            int need = state[StateNeed];
            int bin = (1 << bits) - 1;
            for (; bin > 0 && need > hist[bin]; bin--) need -= hist[bin];
            state[StateNeed] = need;
            state[StatePrefix] = (state[StatePrefix] << bits) | bin;
            state[StatePrefixBits] += bits;
        }
        for (int h = 0; h < Bins; h++) hist[h] = 0;
    }

    /// <summary>Row b = Grid.IdxX: its values above the cut (all positives when every one is taken) and equal to it.</summary>
    public static void RowCounts(ArrayView<float> pre, ArrayView<float> bias, int width, ArrayView<int> state,
        ArrayView<int> rowAbove, ArrayView<int> rowTies, ArrayView<float> floor, int useFloor)
    {
        var sums = SharedMemory.Allocate<int>(2);
        int b = Grid.IdxX, t = Group.IdxX, threads = Group.DimX;
        if (t == 0)
        {
            sums[0] = 0;
            sums[1] = 0;
        }
        Group.Barrier();
        bool all = state[StateAll] != 0;
        int cut = state[StatePrefix];
        long rowOffset = (long)b * width;
        int above = 0, ties = 0;
        for (int j = t; j < width; j += threads)
        {
            float v = pre[rowOffset + j] + bias[j];
            if (!(v > 0) || (useFloor != 0 && !(v > floor[j]))) continue;
            int u = (int)Interop.FloatAsInt(v);
            if (all || u > cut) above++;
            else if (u == cut) ties++;
        }
        Atomic.Add(ref sums[0], above);
        Atomic.Add(ref sums[1], ties);
        Group.Barrier();
        if (t == 0)
        {
            rowAbove[b] = sums[0];
            rowTies[b] = sums[1];
        }
    }

    /// <summary>
    /// One group: of the ties, the first need ones in row order are taken (rowTake); rowStart is the
    /// exclusive prefix sum of above + taken, rowStart[rows] the total.
    /// </summary>
    public static void RowOffsets(ArrayView<int> rowAbove, ArrayView<int> rowTies, ArrayView<int> state, int rows,
        ArrayView<int> rowTake, ArrayView<int> rowStart)
    {
        var partial = SharedMemory.Allocate<int>(GroupPrimitives.MaxGroup);
        int t = Group.IdxX, threads = Group.DimX;
        int per = (rows + threads - 1) / threads;
        int start = Math.Min(t * per, rows), end = Math.Min(start + per, rows);
        bool all = state[StateAll] != 0;
        int tiesToTake = all ? 0 : state[StateNeed];

        int local = 0;
        for (int b = start; b < end; b++) local += rowTies[b];
        int tiesBefore = GroupPrimitives.ExclusiveScan(local, partial, t, threads);
        int counts = 0;
        for (int b = start; b < end; b++)
        {
            int take = Math.Max(0, Math.Min(rowTies[b], tiesToTake - tiesBefore));
            tiesBefore += rowTies[b];
            rowTake[b] = take;
            counts += rowAbove[b] + take;
        }
        int run = GroupPrimitives.ExclusiveScan(counts, partial, t, threads);
        for (int b = start; b < end; b++)
        {
            rowStart[b] = run;
            run += rowAbove[b] + rowTake[b];
        }
        if (t == threads - 1) rowStart[rows] = run;
    }

    /// <summary>
    /// Row b = Grid.IdxX writes its entries in latent order from rowStart[b]: values above the cut,
    /// and the first rowTake[b] values equal to it. Tiles of one group width; an in-group prefix sum
    /// keeps the order.
    /// </summary>
    public static void Collect(ArrayView<float> pre, ArrayView<float> bias, int width, ArrayView<int> state,
        ArrayView<int> rowTake, ArrayView<int> rowStart, ArrayView<int> latents, ArrayView<float> values, ArrayView<int> entryRow,
        ArrayView<float> floor, int useFloor)
    {
        var scanTies = SharedMemory.Allocate<int>(GroupPrimitives.MaxGroup);
        var scanTaken = SharedMemory.Allocate<int>(GroupPrimitives.MaxGroup);
        int b = Grid.IdxX, t = Group.IdxX, threads = Group.DimX;
        bool all = state[StateAll] != 0;
        int cut = state[StatePrefix];
        int take = rowTake[b];
        int at = rowStart[b], tiesSeen = 0;
        long rowOffset = (long)b * width;
        for (int tile = 0; tile < width; tile += threads)
        {
            int j = tile + t;
            float v = j < width ? pre[rowOffset + j] + bias[j] : 0f;
            int u = (int)Interop.FloatAsInt(v);
            bool positive = v > 0 && (useFloor == 0 || v > floor[j]);
            bool above = positive && (all || u > cut);
            bool tie = positive && !all && u == cut;
            int tieRank = GroupPrimitives.ExclusiveScan(tie ? 1 : 0, scanTies, t, threads);
            bool taken = above || (tie && tiesSeen + tieRank < take);
            int slot = GroupPrimitives.ExclusiveScan(taken ? 1 : 0, scanTaken, t, threads);
            if (taken)
            {
                latents[at + slot] = j;
                values[at + slot] = v;
                entryRow[at + slot] = b;
            }
            // The last thread knows the tile's totals (its exclusive prefix plus its own flag).
            if (t == threads - 1)
            {
                scanTies[0] = tieRank + (tie ? 1 : 0);
                scanTaken[0] = slot + (taken ? 1 : 0);
            }
            Group.Barrier();
            tiesSeen += scanTies[0];
            at += scanTaken[0];
            Group.Barrier();
        }
    }
}
