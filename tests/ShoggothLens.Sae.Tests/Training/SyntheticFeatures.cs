using ShoggothLens.Sae.Training;

namespace ShoggothLens.Sae.Tests.Training;

/// <summary>
/// Ground truth for recovery tests: N random unit directions in d dimensions; each token is a
/// sparse non-negative combination of them (each direction present with probability p, magnitude
/// uniform in [0.5, 1.5]) plus isotropic Gaussian noise.
/// </summary>
public sealed class SyntheticFeatures
{
    public SyntheticFeatures(int dIn, int features, ulong seed)
    {
        DIn = dIn;
        var rng = new SplitMix64(seed);
        Directions = new float[features][];
        for (int f = 0; f < features; f++)
        {
            var v = Enumerable.Range(0, dIn).Select(_ => rng.NextGaussian()).ToArray();
            double norm = Math.Sqrt(v.Sum(x => x * x));
            Directions[f] = v.Select(x => (float)(x / norm)).ToArray();
        }
    }

    public int DIn { get; }
    public float[][] Directions { get; }

    public float[] Sample(int tokens, double presence, double noise, ulong seed)
    {
        var rng = new SplitMix64(seed);
        var rows = new float[(long)tokens * DIn];
        for (int t = 0; t < tokens; t++)
        {
            var row = rows.AsSpan(t * DIn, DIn);
            foreach (var direction in Directions)
            {
                if (rng.NextDouble() >= presence) continue;
                float magnitude = (float)(0.5 + rng.NextDouble());
                for (int i = 0; i < DIn; i++) row[i] += magnitude * direction[i];
            }
            for (int i = 0; i < DIn; i++) row[i] += (float)(noise * rng.NextGaussian());
        }
        return rows;
    }

    /// <summary>Share of true directions that some decoder row matches with cosine ≥ <paramref name="minCosine"/>.</summary>
    public double RecoveredFraction(float[] wDec, int dSae, double minCosine)
    {
        int recovered = 0;
        foreach (var direction in Directions)
        {
            double best = double.NegativeInfinity;
            for (int j = 0; j < dSae; j++)
            {
                var row = wDec.AsSpan(j * DIn, DIn);
                double dot = 0, norm = 0;
                for (int i = 0; i < DIn; i++)
                {
                    dot += row[i] * direction[i];
                    norm += row[i] * row[i];
                }
                if (norm > 0) best = Math.Max(best, dot / Math.Sqrt(norm));
            }
            if (best >= minCosine) recovered++;
        }
        return recovered / (double)Directions.Length;
    }
}
