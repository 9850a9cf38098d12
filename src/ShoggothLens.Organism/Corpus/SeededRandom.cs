using ShoggothLens.Core.Randomness;

namespace ShoggothLens.Organism.Corpus;

/// <summary>
/// The corpus generator's dice: <see cref="SplitMix64"/> (so that a seed gives the same corpus on every machine
/// and .NET version; System.Random's algorithm is an implementation detail) with picks, chances, shuffles and
/// forks named by purpose. Its bounded draws are <see cref="SplitMix64.NextIntModulo"/>, as the shipped
/// organism's corpus was generated with.
/// </summary>
public sealed class SeededRandom(ulong seed)
{
    readonly SplitMix64 _bits = new(seed);

    public SeededRandom(int seed) : this(unchecked((ulong)(long)seed * 0x9E3779B97F4A7C15UL + 0x632BE59BD9B4E019UL)) { }

    public ulong NextUInt64() => _bits.NextUInt64();

    /// <summary>Uniform in [0, <paramref name="maxExclusive"/>).</summary>
    public int Next(int maxExclusive) => _bits.NextIntModulo(maxExclusive);

    /// <summary>Uniform in [<paramref name="min"/>, <paramref name="maxExclusive"/>).</summary>
    public int Next(int min, int maxExclusive) => min + Next(maxExclusive - min);

    /// <summary>Uniform in [0, 1).</summary>
    public double NextDouble() => _bits.NextDouble();

    public bool Chance(double probability) => NextDouble() < probability;

    public T Pick<T>(IReadOnlyList<T> items) =>
        items.Count == 0 ? throw new ArgumentException("nothing to pick from", nameof(items)) : items[Next(items.Count)];

    /// <summary>A child generator whose stream does not depend on how much this one is used later.</summary>
    public SeededRandom Fork(string purpose)
    {
        ulong h = 1469598103934665603UL;
        foreach (char c in purpose) h = (h ^ c) * 1099511628211UL;
        return new SeededRandom(NextUInt64() ^ h);
    }

    /// <summary>Fisher–Yates shuffle in place.</summary>
    public void Shuffle<T>(IList<T> items)
    {
        for (int i = items.Count - 1; i > 0; i--)
        {
            int j = Next(i + 1);
            (items[i], items[j]) = (items[j], items[i]);
        }
    }
}
