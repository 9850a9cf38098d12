using System.Runtime.InteropServices;
using ShoggothLens.Core.ActivationStore;

namespace ShoggothLens.Core.Tests.ActivationStore;

public sealed class ActivationCodecTests
{
    static readonly float[] Samples =
    [
        0f, -0f, 1f, -1f, 1.00390625f /* bf16 tie, rounds to even (down) */, 1.01171875f /* tie, rounds up */, 3.14159265f,
        65504f, 1e-8f, -123.456f, float.PositiveInfinity, float.NegativeInfinity, float.MaxValue, float.Epsilon,
        .. Enumerable.Range(0, 300).Select(i => MathF.Sin(i) * MathF.Pow(10, i % 7 - 3)),
    ];

    static byte[] Encode(float[] values, ActivationDType dtype)
    {
        var bytes = new byte[values.Length * dtype.Size()];
        ActivationCodec.Encode(values, dtype, bytes);
        return bytes;
    }

    [Fact]
    public void Float32IsStoredBitForBit()
    {
        var back = new float[Samples.Length];
        ActivationCodec.Decode(Encode(Samples, ActivationDType.F32), ActivationDType.F32, back);
        Assert.Equal(Samples.Select(BitConverter.SingleToInt32Bits), back.Select(BitConverter.SingleToInt32Bits));
    }

    [Fact]
    public void Float16MatchesDotNetsHalfConversion()
    {
        var halves = MemoryMarshal.Cast<byte, Half>(Encode(Samples, ActivationDType.F16)).ToArray();
        Assert.Equal(Samples.Select(v => BitConverter.HalfToUInt16Bits((Half)v)), halves.Select(BitConverter.HalfToUInt16Bits));
        var back = new float[Samples.Length];
        ActivationCodec.Decode(Encode(Samples, ActivationDType.F16), ActivationDType.F16, back);
        Assert.Equal(Samples.Select(v => (float)(Half)v), back);
    }

    [Fact]
    public void BFloat16RoundsToNearestEvenLikePyTorch()
    {
        // Scalar reference: round-to-nearest-even on the top 16 bits; NaN keeps its sign and is quiet.
        static ushort Reference(float v)
        {
            uint bits = BitConverter.SingleToUInt32Bits(v);
            if (float.IsNaN(v)) return (ushort)((bits >> 16) | 0x40);
            return (ushort)((bits + 0x7FFF + ((bits >> 16) & 1)) >> 16);
        }
        float[] values = [.. Samples, float.NaN, -float.NaN];
        var encoded = MemoryMarshal.Cast<byte, ushort>(Encode(values, ActivationDType.BF16)).ToArray();
        Assert.Equal(values.Select(Reference), encoded);
        Assert.Equal(0x3F80, encoded[4]);   // 1.00390625 -> 1.0 (tie to even)
        Assert.Equal(0x3F82, encoded[5]);   // 1.01171875 -> 1.015625 (tie to even)

        var back = new float[values.Length];
        ActivationCodec.Decode(Encode(values, ActivationDType.BF16), ActivationDType.BF16, back);
        Assert.Equal(encoded.Select(b => BitConverter.Int32BitsToSingle(b << 16)).Take(values.Length - 2), back.Take(values.Length - 2));
        Assert.True(float.IsNaN(back[^1]) && float.IsNaN(back[^2]));
    }

    [Fact]
    public void LengthsMustAgree()
    {
        Assert.Throws<ArgumentException>(() => ActivationCodec.Encode(new float[3], ActivationDType.F16, new byte[5]));
        Assert.Throws<ArgumentException>(() => ActivationCodec.Decode(new byte[8], ActivationDType.F32, new float[3]));
    }

    [Theory]
    [InlineData("f32", ActivationDType.F32)]
    [InlineData("F16", ActivationDType.F16)]
    [InlineData("bfloat16", ActivationDType.BF16)]
    public void DTypeNamesParse(string name, ActivationDType dtype) => Assert.Equal(dtype, ActivationDTypes.Parse(name));

    [Fact]
    public void UnknownDTypeIsAFormatError() =>
        Assert.Contains("expected f32, f16 or bf16", Assert.Throws<FormatException>(() => ActivationDTypes.Parse("f8")).Message);
}
