using System.Numerics;
using System.Runtime.CompilerServices;

namespace ShoggothLens.Sae.Backends.Torch.Sparse;

/// <summary>
/// Per-row top-k of pre-activations with the encoder bias added on the fly (so the GEMM output
/// needs no separate bias pass): a size-k min-heap per row, fed by SIMD scans that skip 8 values
/// at once when none can enter it. Selected entries come out in heap order.
/// </summary>
internal static unsafe class RowTopK
{
    /// <summary>Rows of <paramref name="pre"/> [rows, width] (+ <paramref name="bias"/> [width]) → k entries per row.</summary>
    public static void Select(float* pre, float* bias, int rows, int width, int k, int* latents, float* values)
    {
        Chunked.For(rows, (long)rows * width, (start, end, _) =>
        {
            for (int b = start; b < end; b++)
                SelectRow(pre + (long)b * width, bias, width, k, latents + (long)b * k, values + (long)b * k);
        });
    }

    /// <summary>
    /// Top-k among the latents in <paramref name="candidates"/> (AuxK: the dead ones) of each row;
    /// <paramref name="k"/> ≤ candidate count.
    /// </summary>
    public static void SelectAmong(float* pre, float* bias, int rows, int width, int* candidates, int candidateCount, int k, int* latents, float* values)
    {
        Chunked.For(rows, (long)rows * candidateCount, (start, end, _) =>
        {
            for (int b = start; b < end; b++)
            {
                float* row = pre + (long)b * width;
                int* heapIdx = latents + (long)b * k;
                float* heapVal = values + (long)b * k;
                for (int i = 0; i < k; i++)
                {
                    int j = candidates[i];
                    heapIdx[i] = j;
                    heapVal[i] = row[j] + bias[j];
                }
                Heapify(heapVal, heapIdx, k);
                for (int i = k; i < candidateCount; i++)
                {
                    int j = candidates[i];
                    float v = row[j] + bias[j];
                    if (v > heapVal[0]) ReplaceMin(heapVal, heapIdx, k, v, j);
                }
            }
        });
    }

    static void SelectRow(float* row, float* bias, int width, int k, int* heapIdx, float* heapVal)
    {
        if (width >= 16 * k && SelectRowWithFloor(row, bias, width, k, heapIdx, heapVal)) return;
        SelectRowScan(row, bias, width, k, heapIdx, heapVal);
    }

    /// <summary>
    /// The k-th largest value is at least the smallest of the maxima of k disjoint blocks (those
    /// maxima are k values of the row), so one SIMD max pass gives a floor, and a second pass
    /// offers the heap only values at or above it: a few dozen instead of every running record.
    /// False if NaNs left fewer than k candidates (the plain scan then decides).
    /// </summary>
    static bool SelectRowWithFloor(float* row, float* bias, int width, int k, int* heapIdx, float* heapVal)
    {
        int w = Vector<float>.Count;
        float floor = float.PositiveInfinity;
        for (int block = 0; block < k; block++)
        {
            int start = (int)((long)width * block / k), end = (int)((long)width * (block + 1) / k), i = start;
            var best = new Vector<float>(float.NegativeInfinity);
            for (; i + w <= end; i += w)
                best = Vector.Max(best, Unsafe.ReadUnaligned<Vector<float>>(row + i) + Unsafe.ReadUnaligned<Vector<float>>(bias + i));
            float max = float.NegativeInfinity;
            for (int l = 0; l < w; l++) max = Math.Max(max, best[l]);
            for (; i < end; i++) max = Math.Max(max, row[i] + bias[i]);
            floor = Math.Min(floor, max);
        }
        int count = 0, j = 0;
        var vFloor = new Vector<float>(floor);
        for (; j + w <= width; j += w)
        {
            var v = Unsafe.ReadUnaligned<Vector<float>>(row + j) + Unsafe.ReadUnaligned<Vector<float>>(bias + j);
            if (!Vector.GreaterThanOrEqualAny(v, vFloor)) continue;
            for (int l = 0; l < w; l++) Offer(row[j + l] + bias[j + l], j + l);
        }
        for (; j < width; j++) Offer(row[j] + bias[j], j);
        return count == k;

        void Offer(float x, int index)
        {
            if (!(x >= floor)) return;
            if (count < k)
            {
                heapVal[count] = x;
                heapIdx[count] = index;
                SiftUp(heapVal, heapIdx, count++);
            }
            else if (x > heapVal[0])
            {
                ReplaceMin(heapVal, heapIdx, k, x, index);
            }
        }
    }

    /// <summary>Heap of the first k values, then every later value that beats its minimum (8 at a time when none does).</summary>
    static void SelectRowScan(float* row, float* bias, int width, int k, int* heapIdx, float* heapVal)
    {
        for (int j = 0; j < k; j++)
        {
            heapIdx[j] = j;
            heapVal[j] = row[j] + bias[j];
        }
        Heapify(heapVal, heapIdx, k);
        int w = Vector<float>.Count, i = k;
        for (; i + w <= width; i += w)
        {
            var v = Unsafe.ReadUnaligned<Vector<float>>(row + i) + Unsafe.ReadUnaligned<Vector<float>>(bias + i);
            if (!Vector.GreaterThanAny(v, new Vector<float>(heapVal[0]))) continue;
            for (int l = 0; l < w; l++)
            {
                float x = row[i + l] + bias[i + l];
                if (x > heapVal[0]) ReplaceMin(heapVal, heapIdx, k, x, i + l);
            }
        }
        for (; i < width; i++)
        {
            float x = row[i] + bias[i];
            if (x > heapVal[0]) ReplaceMin(heapVal, heapIdx, k, x, i);
        }
    }

    static void SiftUp(float* val, int* idx, int i)
    {
        float v = val[i];
        int j = idx[i];
        while (i > 0)
        {
            int parent = (i - 1) / 2;
            if (!(v < val[parent])) break;
            val[i] = val[parent];
            idx[i] = idx[parent];
            i = parent;
        }
        val[i] = v;
        idx[i] = j;
    }

    static void Heapify(float* val, int* idx, int n)
    {
        for (int i = n / 2 - 1; i >= 0; i--) SiftDown(val, idx, n, i);
    }

    static void ReplaceMin(float* val, int* idx, int n, float v, int j)
    {
        val[0] = v;
        idx[0] = j;
        SiftDown(val, idx, n, 0);
    }

    static void SiftDown(float* val, int* idx, int n, int i)
    {
        float v = val[i];
        int j = idx[i];
        while (true)
        {
            int child = 2 * i + 1;
            if (child >= n) break;
            if (child + 1 < n && val[child + 1] < val[child]) child++;
            if (!(val[child] < v)) break;
            val[i] = val[child];
            idx[i] = idx[child];
            i = child;
        }
        val[i] = v;
        idx[i] = j;
    }
}
