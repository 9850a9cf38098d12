namespace ShoggothLens.Core.Analysis;

/// <summary>
/// A sum of floats that does not depend on the order of its terms, so the shards of a sharded analysis add up to
/// exactly the sum the unsharded pass forms (docs/feature-analysis.md, "Shards"). Each term with |v| &lt; 2³² is
/// rounded toward zero to a multiple of 2⁻⁵⁶ (an error below 1.4·10⁻¹⁷ per term, far under a float's own rounding)
/// and added to a 128-bit integer, where addition is exact and associative; the total only becomes a double when
/// read. Terms beyond that range (not finite, or ≥ 2³² in magnitude: a broken SAE or an f16 store's overflow) go to a
/// plain double sum, which is order-dependent; real activations never reach it. The integer part cannot overflow
/// before 2³⁹ terms of 2³² each.
/// </summary>
public struct ExactSum : IEquatable<ExactSum>
{
    const double Scale = 72057594037927936.0;          // 2^56
    const double InverseScale = 1.0 / Scale;
    const double FixedLimit = 4294967296.0;            // 2^32: larger terms go to Outliers
    const double LongLimit = 128.0;                    // |v| < 2^7: v · 2^56 fits a long (the fast path)

    /// <summary>Sum of the terms in range, in units of 2⁻⁵⁶.</summary>
    public Int128 Fixed;

    /// <summary>Plain double sum of the terms out of range (0 when there were none).</summary>
    public double Outliers;

    public void Add(double v)
    {
        double a = Math.Abs(v);
        if (a < LongLimit) Fixed += (long)(v * Scale);
        else if (a < FixedLimit) Fixed += (Int128)(v * Scale);
        else Outliers += v;
    }

    public void Add(in ExactSum other)
    {
        Fixed += other.Fixed;
        Outliers += other.Outliers;
    }

    /// <summary>The sum as a double (the integer part correctly rounded, then the outliers added).</summary>
    public readonly double Value => (double)Fixed * InverseScale + Outliers;

    internal readonly void Write(BinaryWriter writer)
    {
        writer.Write((ulong)Fixed);
        writer.Write((ulong)(Fixed >> 64));
        writer.Write(Outliers);
    }

    internal static ExactSum Read(BinaryReader reader)
    {
        ulong low = reader.ReadUInt64(), high = reader.ReadUInt64();
        return new ExactSum { Fixed = (Int128)new UInt128(high, low), Outliers = reader.ReadDouble() };
    }

    internal static void WriteArray(BinaryWriter writer, ExactSum[] sums)
    {
        writer.Write(sums.Length);
        foreach (var s in sums) s.Write(writer);
    }

    internal static void ReadInto(BinaryReader reader, ExactSum[] target)
    {
        int length = reader.ReadInt32();
        if (length != target.Length) throw new InvalidDataException($"checkpoint array holds {length} sums, expected {target.Length}");
        for (int i = 0; i < target.Length; i++) target[i] = Read(reader);
    }

    public readonly bool Equals(ExactSum other) => Fixed == other.Fixed && Outliers.Equals(other.Outliers);
    public override readonly bool Equals(object? obj) => obj is ExactSum s && Equals(s);
    public override readonly int GetHashCode() => HashCode.Combine(Fixed, Outliers);
    public static bool operator ==(ExactSum a, ExactSum b) => a.Equals(b);
    public static bool operator !=(ExactSum a, ExactSum b) => !a.Equals(b);
}
