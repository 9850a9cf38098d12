namespace ShoggothLens.Core.ActivationStore;

/// <summary>
/// A tiny seeded generator (SplitMix64) with unbiased bounded draws (Lemire). Written out rather
/// than System.Random so that a shuffle, and so a sampler position, means the same thing in every
/// .NET version.
/// </summary>
internal sealed class SplitMix64(ulong seed)
{
    ulong _state = seed;

    public ulong Next()
    {
        ulong z = _state += 0x9E3779B97F4A7C15;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EB;
        return z ^ (z >> 31);
    }

    /// <summary>Uniform in [0, <paramref name="bound"/>).</summary>
    public int NextInt(int bound)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(bound, 1);
        ulong n = (ulong)bound;
        UInt128 m = (UInt128)Next() * n;
        if ((ulong)m < n)
        {
            ulong threshold = (0 - n) % n;
            while ((ulong)m < threshold) m = (UInt128)Next() * n;
        }
        return (int)(m >> 64);
    }

    /// <summary>A uniformly random permutation of 0..n-1 (Fisher–Yates).</summary>
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
        return new SplitMix64(mix.Next());
    }
}
