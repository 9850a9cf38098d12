namespace ShoggothLens.Core.Analysis.Triggers;

/// <summary>Benjamini–Hochberg adjusted p-values (q-values): q_(i) = min over j ≥ i of p_(j)·m/j, capped at 1. A term with q ≤ Q is
/// a discovery at false discovery rate Q over all m terms tested.</summary>
public static class BenjaminiHochberg
{
    public static double[] Adjust(IReadOnlyList<double> p)
    {
        int m = p.Count;
        var order = Enumerable.Range(0, m).OrderBy(i => p[i]).ToArray();
        var q = new double[m];
        double running = 1;
        for (int rank = m; rank >= 1; rank--)
        {
            int i = order[rank - 1];
            running = Math.Min(running, p[i] * m / rank);
            q[i] = Math.Min(1, running);
        }
        return q;
    }
}
