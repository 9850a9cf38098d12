using System.Runtime.InteropServices;

namespace ShoggothLens.Core.Analysis;

/// <summary>Little-endian array framing of the analysis checkpoint (a length, then the raw elements).</summary>
static class StateIO
{
    public static void WriteArray<T>(BinaryWriter writer, ReadOnlySpan<T> values) where T : unmanaged
    {
        if (!BitConverter.IsLittleEndian) throw new PlatformNotSupportedException("analysis checkpoints are written on little-endian machines only");
        writer.Write(values.Length);
        writer.Write(MemoryMarshal.AsBytes(values));
    }

    public static T[] ReadArray<T>(BinaryReader reader, int expectedLength = -1) where T : unmanaged
    {
        int length = reader.ReadInt32();
        if (length < 0 || (expectedLength >= 0 && length != expectedLength))
            throw new InvalidDataException($"checkpoint array holds {length} values, expected {expectedLength}");
        var values = new T[length];
        var bytes = MemoryMarshal.AsBytes(values.AsSpan());
        reader.BaseStream.ReadExactly(bytes);
        return values;
    }

    public static void ReadInto<T>(BinaryReader reader, Span<T> target) where T : unmanaged
    {
        int length = reader.ReadInt32();
        if (length != target.Length) throw new InvalidDataException($"checkpoint array holds {length} values, expected {target.Length}");
        reader.BaseStream.ReadExactly(MemoryMarshal.AsBytes(target));
    }

    /// <summary>SplitMix64's finalizer: a bijection of 64-bit integers that mixes every bit.</summary>
    public static ulong Mix(ulong z)
    {
        z += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
