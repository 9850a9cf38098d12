namespace ShoggothLens.Sae.Backends.Torch.Sparse;

/// <summary>
/// BatchTopK's selection: the <c>count</c> largest positive values of pre + bias over a whole
/// batch (ReLU first, so a batch with fewer positive values keeps them all). The count-th largest
/// is found exactly by a radix select on the float bits (positive floats order like their bit
/// patterns): three histogram passes over 10, 11 and 10 bits, then one pass that collects the
/// entries above it and, of those equal to it, the first ones in row order.
/// </summary>
internal static unsafe class BatchTopKSelection
{
    static readonly (int Shift, int Bits)[] Rounds = [(21, 10), (10, 11), (0, 10)];

    public static void Select(float* pre, float* bias, int rows, int width, long count, SparseCodes codes)
    {
        long work = (long)rows * width;
        int chunks = Chunked.Count(rows, work);
        long positives = CountAbove(pre, bias, rows, width, 0, work, chunks);
        // Keep every positive value when there are no more than `count` of them; else find the cut.
        uint cut = 0;
        long tiesToTake = 0;
        bool all = positives <= count;
        if (!all)
        {
            uint prefix = 0;
            long need = count;
            int prefixBits = 0;
            foreach (var (shift, bits) in Rounds)
            {
                var hist = Histogram(pre, bias, rows, width, work, chunks, prefix, prefixBits, shift, bits);
                int bin = hist.Length - 1;
                for (; bin > 0 && need > hist[bin]; bin--) need -= hist[bin];
                prefix = (prefix << bits) | (uint)bin;
                prefixBits += bits;
            }
            cut = prefix;
            tiesToTake = need;
        }
        Collect(pre, bias, rows, width, all, cut, tiesToTake, codes);
    }

    static long CountAbove(float* pre, float* bias, int rows, int width, float floor, long work, int chunks)
    {
        var partial = new long[chunks];
        Chunked.For(rows, work, (start, end, c) =>
        {
            long n = 0;
            for (int b = start; b < end; b++)
            {
                float* row = pre + (long)b * width;
                for (int j = 0; j < width; j++)
                    if (row[j] + bias[j] > floor) n++;
            }
            partial[c] = n;
        });
        return partial.Sum();
    }

    /// <summary>Histogram of bits [shift, shift+bits) of positive values whose higher bits equal <paramref name="prefix"/>.</summary>
    static long[] Histogram(float* pre, float* bias, int rows, int width, long work, int chunks, uint prefix, int prefixBits, int shift, int bits)
    {
        var partial = new long[chunks][];
        int prefixShift = shift + bits;
        uint mask = (1u << bits) - 1;
        Chunked.For(rows, work, (start, end, c) =>
        {
            var hist = new long[1 << bits];
            for (int b = start; b < end; b++)
            {
                float* row = pre + (long)b * width;
                for (int j = 0; j < width; j++)
                {
                    float v = row[j] + bias[j];
                    if (!(v > 0)) continue;
                    uint u = BitConverter.SingleToUInt32Bits(v);
                    if (prefixBits > 0 && (u >> prefixShift) != prefix) continue;
                    hist[(u >> shift) & mask]++;
                }
            }
            partial[c] = hist;
        });
        var total = new long[1 << bits];
        foreach (var h in partial)
            if (h is not null)
                for (int i = 0; i < total.Length; i++) total[i] += h[i];
        return total;
    }

    static void Collect(float* pre, float* bias, int rows, int width, bool all, uint cut, long tiesToTake, SparseCodes codes)
    {
        // Per row: entries strictly above the cut, and entries equal to it (ties).
        var above = new int[rows];
        var ties = new int[rows];
        Chunked.For(rows, (long)rows * width, (start, end, _) =>
        {
            for (int b = start; b < end; b++)
            {
                float* row = pre + (long)b * width;
                int a = 0, t = 0;
                for (int j = 0; j < width; j++)
                {
                    float v = row[j] + bias[j];
                    if (!(v > 0)) continue;
                    uint u = BitConverter.SingleToUInt32Bits(v);
                    if (all || u > cut) a++;
                    else if (u == cut) t++;
                }
                above[b] = a;
                ties[b] = t;
            }
        });
        var takeTies = new int[rows];
        long remaining = tiesToTake, total = 0;
        for (int b = 0; b < rows; b++)
        {
            takeTies[b] = (int)Math.Min(ties[b], remaining);
            remaining -= takeTies[b];
            total += above[b] + takeTies[b];
        }
        codes.Reset(rows, checked((int)total));
        for (int b = 0; b < rows; b++) codes.RowStart[b + 1] = codes.RowStart[b] + above[b] + takeTies[b];
        Chunked.For(rows, (long)rows * width, (start, end, _) =>
        {
            for (int b = start; b < end; b++)
            {
                float* row = pre + (long)b * width;
                int at = codes.RowStart[b], tiesLeft = takeTies[b];
                for (int j = 0; j < width; j++)
                {
                    float v = row[j] + bias[j];
                    if (!(v > 0)) continue;
                    uint u = BitConverter.SingleToUInt32Bits(v);
                    if (all || u > cut || (u == cut && tiesLeft-- > 0))
                    {
                        codes.Latents[at] = j;
                        codes.Values[at] = v;
                        at++;
                    }
                }
            }
        });
    }
}
