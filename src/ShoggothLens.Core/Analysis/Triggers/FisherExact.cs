namespace ShoggothLens.Core.Analysis.Triggers;

/// <summary>
/// Fisher's exact test on a 2×2 table, one-sided for over-representation: with n1 documents in group 1, n2 in group 2,
/// and a of group 1's and b of group 2's documents holding a term, P(X ≥ a) for X hypergeometric
/// (population n1+n2, a+b successes, n1 draws). Summed in log space, so counts in the hundreds of thousands are exact enough.
/// </summary>
public static class FisherExact
{
    public static double UpperTail(int a, int n1, int b, int n2)
    {
        if (a < 0 || b < 0 || a > n1 || b > n2) throw new ArgumentOutOfRangeException(nameof(a), "counts must lie within their groups");
        int k = a + b, n = n1 + n2;
        int max = Math.Min(k, n1);
        if (a == 0) return 1;
        double logDenominator = LogChoose(n, k);
        double sum = 0, first = double.NaN;
        for (int x = a; x <= max; x++)
        {
            double log = LogChoose(n1, x) + LogChoose(n2, k - x) - logDenominator;
            if (double.IsNaN(first)) first = log;
            sum += Math.Exp(log - first);
        }
        return Math.Min(1, Math.Exp(first) * sum);
    }

    static double LogChoose(int n, int k) => LogFactorial(n) - LogFactorial(k) - LogFactorial(n - k);

    /// <summary>log n! for n &lt; 256, summed in the same order as a loop would (so the same bits), once.</summary>
    static readonly double[] SmallLogFactorials = BuildSmall();

    static double[] BuildSmall()
    {
        var table = new double[256];
        double s = 0;
        for (int i = 2; i < table.Length; i++) table[i] = s += Math.Log(i);
        return table;
    }

    static double LogFactorial(int n)
    {
        if (n < 0) throw new ArgumentOutOfRangeException(nameof(n));
        // A table, not a loop: trigger discovery runs thousands of tests per feature (the demo's candidates stage spent
        // most of its time here).
        if (n < 256) return SmallLogFactorials[n];
        // Stirling's series: error below 1e-12 for n ≥ 256.
        double x = n;
        return x * Math.Log(x) - x + 0.5 * Math.Log(2 * Math.PI * x) + 1 / (12 * x) - 1 / (360 * x * x * x);
    }
}
