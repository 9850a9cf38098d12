namespace ShoggothLens.Core.Randomness;

/// <summary>
/// The project's one seeded generator: SplitMix64, written out rather than System.Random so that a seed means the
/// same stream in every .NET version, and whose whole state is one number (<see cref="State"/>), so a checkpoint can
/// store it and a resumed run draws exactly what an uninterrupted one would. Users that pin sequences (the store's
/// shuffles, SAE initialisation, the organism's corpus) each keep the bounded draw they were written with:
/// <see cref="NextInt"/> (unbiased), <see cref="NextIntScaled"/> (from a double) or <see cref="NextIntModulo"/>.
/// </summary>
public sealed class SplitMix64(ulong state)
{
    /// <summary>The whole state: a generator made with it continues this one's stream.</summary>
    public ulong State { get; private set; } = state;

    public ulong NextUInt64()
    {
        ulong z = State += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>Uniform in [0, 1) with 53 random bits.</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    /// <summary>Uniform in [0, <paramref name="bound"/>), unbiased (Lemire's multiply-and-reject).</summary>
    public int NextInt(int bound)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(bound, 1);
        ulong n = (ulong)bound;
        UInt128 m = (UInt128)NextUInt64() * n;
        if ((ulong)m < n)
        {
            ulong threshold = (0 - n) % n;
            while ((ulong)m < threshold) m = (UInt128)NextUInt64() * n;
        }
        return (int)(m >> 64);
    }

    /// <summary>Uniform in [0, <paramref name="n"/>) as ⌊<see cref="NextDouble"/> · n⌋.</summary>
    public int NextIntScaled(int n) => (int)(NextDouble() * n);

    /// <summary>In [0, <paramref name="bound"/>) as the next value modulo the bound (a bias of at most bound / 2^64).</summary>
    public int NextIntModulo(int bound)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(bound);
        return (int)(NextUInt64() % (ulong)bound);
    }

    /// <summary>Standard normal (Box–Muller; one value per call, so the state sequence stays simple).</summary>
    public double NextGaussian()
    {
        double u1 = 1.0 - NextDouble(); // (0, 1]
        double u2 = NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
    }

    /// <summary>A uniformly random permutation of 0..n-1 (Fisher–Yates with <see cref="NextInt"/>).</summary>
    public int[] Permutation(int n)
    {
        var p = new int[n];
        for (int i = 0; i < n; i++) p[i] = i;
        for (int i = n - 1; i > 0; i--)
        {
            int j = NextInt(i + 1);
            (p[i], p[j]) = (p[j], p[i]);
        }
        return p;
    }

    /// <summary>A generator for one epoch of one seed, independent of every other epoch's.</summary>
    public static SplitMix64 ForEpoch(ulong seed, int epoch)
    {
        var mix = new SplitMix64(seed ^ (0xD1B54A32D192ED03UL * (ulong)(epoch + 1)));
        return new SplitMix64(mix.NextUInt64());
    }
}
