namespace ShoggothLens.Sae.Training;

/// <summary>
/// The geometric median of a set of points (the point minimising the sum of Euclidean distances),
/// by Weiszfeld's iteration in double precision. SAELens initialises b_dec with it: unlike the
/// mean it is not dragged by the few tokens with huge norms (BOS, attention sinks).
/// </summary>
public static class GeometricMedian
{
    public static float[] Compute(ReadOnlySpan<float> rows, int dIn, int maxIterations = 100, double tolerance = 1e-6)
    {
        int n = rows.Length / dIn;
        if (n == 0) throw new ArgumentException("no points");
        var median = Mean(rows, dIn);
        var next = new double[dIn];
        for (int iteration = 0; iteration < maxIterations; iteration++)
        {
            Array.Clear(next);
            double weightSum = 0;
            for (int p = 0; p < n; p++)
            {
                var point = rows.Slice(p * dIn, dIn);
                double sq = 0;
                for (int i = 0; i < dIn; i++)
                {
                    double d = point[i] - median[i];
                    sq += d * d;
                }
                // A point at the current estimate is skipped (the usual guard; its weight would be infinite).
                double dist = Math.Sqrt(sq);
                if (dist < 1e-12) continue;
                double w = 1 / dist;
                weightSum += w;
                for (int i = 0; i < dIn; i++) next[i] += w * point[i];
            }
            if (weightSum == 0) break;
            double shift = 0;
            for (int i = 0; i < dIn; i++)
            {
                double v = next[i] / weightSum;
                shift += (v - median[i]) * (v - median[i]);
                median[i] = v;
            }
            if (Math.Sqrt(shift) < tolerance * (1 + Norm(median))) break;
        }
        return median.Select(v => (float)v).ToArray();
    }

    public static float[] MeanOf(ReadOnlySpan<float> rows, int dIn) => Mean(rows, dIn).Select(v => (float)v).ToArray();

    static double[] Mean(ReadOnlySpan<float> rows, int dIn)
    {
        int n = rows.Length / dIn;
        var mean = new double[dIn];
        for (int p = 0; p < n; p++)
            for (int i = 0; i < dIn; i++) mean[i] += rows[p * dIn + i];
        for (int i = 0; i < dIn; i++) mean[i] /= n;
        return mean;
    }

    static double Norm(double[] v) => Math.Sqrt(v.Sum(x => x * x));
}
