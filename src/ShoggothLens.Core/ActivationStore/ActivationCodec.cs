using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.InteropServices;

namespace ShoggothLens.Core.ActivationStore;

/// <summary>Converts float32 activations to and from their stored little-endian form.</summary>
public static class ActivationCodec
{
    /// <summary>Encodes <paramref name="values"/> into exactly <c>values.Length * dtype.Size()</c> bytes.</summary>
    public static void Encode(ReadOnlySpan<float> values, ActivationDType dtype, Span<byte> destination)
    {
        CheckLength(values.Length, dtype, destination.Length);
        switch (dtype)
        {
            case ActivationDType.F32:
                MemoryMarshal.AsBytes(values).CopyTo(destination);
                break;
            case ActivationDType.F16:
                TensorPrimitives.ConvertToHalf(values, MemoryMarshal.Cast<byte, Half>(destination));
                break;
            case ActivationDType.BF16:
                ToBFloat16(MemoryMarshal.Cast<float, uint>(values), MemoryMarshal.Cast<byte, ushort>(destination));
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(dtype), dtype, null);
        }
    }

    /// <summary>Decodes <c>destination.Length</c> values from exactly <c>destination.Length * dtype.Size()</c> bytes.</summary>
    public static void Decode(ReadOnlySpan<byte> bytes, ActivationDType dtype, Span<float> destination)
    {
        CheckLength(destination.Length, dtype, bytes.Length);
        switch (dtype)
        {
            case ActivationDType.F32:
                bytes.CopyTo(MemoryMarshal.AsBytes(destination));
                break;
            case ActivationDType.F16:
                TensorPrimitives.ConvertToSingle(MemoryMarshal.Cast<byte, Half>(bytes), destination);
                break;
            case ActivationDType.BF16:
                FromBFloat16(MemoryMarshal.Cast<byte, ushort>(bytes), MemoryMarshal.Cast<float, uint>(destination));
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(dtype), dtype, null);
        }
    }

    static void CheckLength(int count, ActivationDType dtype, int bytes)
    {
        if (!BitConverter.IsLittleEndian) throw new PlatformNotSupportedException("the activation store is little-endian; big-endian hosts are not supported");
        if ((long)count * dtype.Size() != bytes)
            throw new ArgumentException($"{count} {dtype.Name()} values take {(long)count * dtype.Size()} bytes, not {bytes}");
    }

    /// <summary>Round to nearest even, as PyTorch does; a NaN stays a (quiet) NaN.</summary>
    static void ToBFloat16(ReadOnlySpan<uint> bits, Span<ushort> result)
    {
        int i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            int width = Vector<uint>.Count;
            var bias = new Vector<uint>(0x7FFF);
            var one = Vector<uint>.One;
            var absMask = new Vector<uint>(0x7FFFFFFF);
            var infinity = new Vector<uint>(0x7F800000);
            var quiet = new Vector<uint>(0x00400000);
            for (; i + 2 * width <= bits.Length; i += 2 * width)
            {
                var low = Round(new Vector<uint>(bits[i..]));
                var high = Round(new Vector<uint>(bits[(i + width)..]));
                Vector.Narrow(low, high).CopyTo(result[i..]);
            }

            Vector<uint> Round(Vector<uint> x)
            {
                var rounded = (x + bias + ((x >> 16) & one)) >> 16;
                var nan = Vector.GreaterThan(x & absMask, infinity);
                return Vector.ConditionalSelect(nan, (x | quiet) >> 16, rounded);
            }
        }
        for (; i < bits.Length; i++)
        {
            uint x = bits[i];
            result[i] = (x & 0x7FFFFFFF) > 0x7F800000
                ? (ushort)((x | 0x00400000) >> 16)
                : (ushort)((x + 0x7FFF + ((x >> 16) & 1)) >> 16);
        }
    }

    static void FromBFloat16(ReadOnlySpan<ushort> values, Span<uint> bits)
    {
        int i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            int width = Vector<ushort>.Count;
            int half = Vector<uint>.Count;
            for (; i + width <= values.Length; i += width)
            {
                Vector.Widen(new Vector<ushort>(values[i..]), out var low, out var high);
                (low << 16).CopyTo(bits[i..]);
                (high << 16).CopyTo(bits[(i + half)..]);
            }
        }
        for (; i < values.Length; i++) bits[i] = (uint)values[i] << 16;
    }
}
