namespace ShoggothLens.Core.Analysis;

/// <summary>
/// Streaming histogram of non-negative values in B equal bins [0, B·W) whose width W is the smallest
/// power of two (≥ 2⁻²⁰) with max &lt; B·W. When a value falls beyond the range, adjacent bin pairs merge
/// and W doubles, which is exact: the result depends only on the values, never on their order, and
/// equals binning every value by ⌊v/W⌋ with the final W.
/// </summary>
public static class DoublingHistogram
{
    public const int MinExponent = -20;

    /// <summary>Adds v (&gt; 0) to counts (length B) whose width is 2^exponent; returns the new exponent.</summary>
    public static int Add(Span<int> counts, int exponent, float v)
    {
        int bins = counts.Length;
        while (v >= bins * Math.ScaleB(1.0, exponent))
        {
            Widen(counts, 1);
            exponent++;
        }
        counts[Bin(v, exponent, bins)]++;
        return exponent;
    }

    /// <summary>Doubles the width <paramref name="shifts"/> times: bin i takes old bins [i·2^shifts, (i+1)·2^shifts).</summary>
    public static void Widen(Span<int> counts, int shifts)
    {
        int bins = counts.Length;
        for (int s = 0; s < shifts; s++)
            for (int i = 0; i < bins; i++)
            {
                int merged = 0;
                if (2 * i < bins) merged += counts[2 * i];
                if (2 * i + 1 < bins) merged += counts[2 * i + 1];
                counts[i] = 2 * i < bins ? merged : 0;
            }
    }

    /// <summary>The bin of v at width 2^exponent (as <see cref="Add"/> counts it).</summary>
    public static int Bin(float v, int exponent, int bins) => Math.Min((int)Math.Floor(v / Math.ScaleB(1.0, exponent)), bins - 1);

    /// <summary>The final exponent for a maximum value, as <see cref="Add"/> reaches it.</summary>
    public static int ExponentFor(float max, int bins)
    {
        int e = MinExponent;
        while (max >= bins * Math.ScaleB(1.0, e)) e++;
        return e;
    }
}
