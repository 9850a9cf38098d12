using System.Runtime.InteropServices;
using ShoggothLens.Core.Safetensors;

namespace ShoggothLens.Core.Tests.Safetensors;

public sealed class SafetensorsRoundTripTests : IDisposable
{
    readonly string _dir = Directory.CreateTempSubdirectory("st-").FullName;
    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void WrittenTensorsReadBackExactly()
    {
        string path = Path.Combine(_dir, "a.safetensors");
        var w = new float[] { 1.5f, -2f, 3.25f, 0f, float.Epsilon, -0f };
        SafetensorsWriter.Write(path,
            [SafetensorsTensor.Float32("w", [2, 3], w), SafetensorsTensor.Int64("ids", [3], [7, -1, long.MaxValue])],
            new Dictionary<string, string> { ["format"] = "pt" });

        using var file = SafetensorsFile.Open(path);
        Assert.Equal(w, file.ReadFloat32("w"));
        Assert.Equal([2L, 3L], file.Tensors["w"].Shape);
        Assert.Equal([7L, -1L, long.MaxValue], file.ReadInt64("ids"));
        Assert.Equal("pt", file.Metadata["format"]);
        // Header padded so that the data section starts 8-byte aligned.
        Assert.Equal(0, (BitConverter.ToInt64(File.ReadAllBytes(path), 0) + 8) % 8);
    }

    [Fact]
    public void HalfAndBFloat16AreWidenedToFloat32()
    {
        string path = Path.Combine(_dir, "h.safetensors");
        var halves = new[] { (Half)1.5f, (Half)(-0.25f), Half.MaxValue };
        // bf16 is the top 16 bits of a float32.
        var bf = new[] { 1.5f, -3f, 1e30f }.Select(f => (ushort)(BitConverter.SingleToInt32Bits(f) >> 16)).ToArray();
        SafetensorsWriter.Write(path,
        [
            new SafetensorsTensor("h", SafetensorsDType.F16, [3], MemoryMarshal.AsBytes(halves.AsSpan()).ToArray()),
            new SafetensorsTensor("b", SafetensorsDType.BF16, [3], MemoryMarshal.AsBytes(bf.AsSpan()).ToArray()),
        ]);
        using var file = SafetensorsFile.Open(path);
        Assert.Equal([1.5f, -0.25f, 65504f], file.ReadFloat32("h"));
        var b = file.ReadFloat32("b");
        Assert.Equal(1.5f, b[0]);
        Assert.Equal(-3f, b[1]);
        Assert.InRange(b[2], 0.99e30f, 1.01e30f);
    }

    [Fact]
    public void ReadingAFloatTensorAsIntegersIsRefused()
    {
        string path = Path.Combine(_dir, "f.safetensors");
        SafetensorsWriter.Write(path, [SafetensorsTensor.Float32("w", [1], [1f])]);
        using var file = SafetensorsFile.Open(path);
        Assert.Contains("not an integer type", Assert.ThrowsAny<Exception>(() => file.ReadInt64("w")).Message);
        Assert.Contains("no tensor named 'x'", Assert.ThrowsAny<Exception>(() => file.ReadFloat32("x")).Message);
    }
}
