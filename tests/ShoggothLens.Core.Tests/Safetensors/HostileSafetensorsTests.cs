using System.Buffers.Binary;
using System.Text;
using ShoggothLens.Core.Formats;
using ShoggothLens.Core.Safetensors;

namespace ShoggothLens.Core.Tests.Safetensors;

/// <summary>Every malformed or hostile file gives an InvalidInputFileException naming the file and
/// the problem: no crash, no hang, no huge allocation.</summary>
public sealed class HostileSafetensorsTests : IDisposable
{
    readonly string _dir = Directory.CreateTempSubdirectory("st-bad-").FullName;
    public void Dispose() => Directory.Delete(_dir, recursive: true);

    string Write(byte[] bytes)
    {
        string path = Path.Combine(_dir, $"{Guid.NewGuid():N}.safetensors");
        File.WriteAllBytes(path, bytes);
        return path;
    }

    static byte[] File8(string header, int dataBytes, ulong? claimedHeaderLength = null)
    {
        var h = Encoding.UTF8.GetBytes(header);
        var bytes = new byte[8 + h.Length + dataBytes];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, claimedHeaderLength ?? (ulong)h.Length);
        h.CopyTo(bytes, 8);
        return bytes;
    }

    void AssertRejected(byte[] bytes, string expectedProblem)
    {
        string path = Write(bytes);
        var e = Assert.Throws<InvalidInputFileException>(() => SafetensorsFile.Open(path).Dispose());
        Assert.Equal(path, e.FilePath);
        Assert.Contains(path, e.Message);
        Assert.Contains(expectedProblem, e.Message);
    }

    [Fact]
    public void EmptyAndTinyFiles() => AssertRejected([1, 2, 3], "too short");

    [Fact]
    public void HeaderLengthPastTheEnd() =>
        AssertRejected(File8("{}", 0, claimedHeaderLength: 1000), "runs past the end of the file");

    [Fact]
    public void TerabyteHeaderLengthIsRefusedBeforeAllocating() =>
        AssertRejected(File8("{}", 0, claimedHeaderLength: 1UL << 42), "runs past the end of the file");

    [Fact]
    public void HeaderThatIsNotJson() => AssertRejected(File8("{\"a\": [", 0), "not valid JSON");

    [Fact]
    public void HeaderThatIsNotAnObject() => AssertRejected(File8("[1,2]", 0), "not a JSON object");

    [Fact]
    public void UnknownDtype() =>
        AssertRejected(File8("""{"w":{"dtype":"F12","shape":[1],"data_offsets":[0,4]}}""", 4), "unknown dtype 'F12'");

    [Fact]
    public void OffsetsOutOfRange() =>
        AssertRejected(File8("""{"w":{"dtype":"F32","shape":[4],"data_offsets":[0,16]}}""", 8), "run past the end of the data");

    [Fact]
    public void OffsetsDecreasing() =>
        AssertRejected(File8("""{"w":{"dtype":"F32","shape":[1],"data_offsets":[8,4]}}""", 8), "not an increasing range");

    [Fact]
    public void OverlappingTensors() =>
        AssertRejected(File8("""{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"b":{"dtype":"F32","shape":[2],"data_offsets":[4,12]}}""", 12),
            "overlap");

    [Fact]
    public void ShapeThatDoesNotMatchTheByteCount() =>
        AssertRejected(File8("""{"w":{"dtype":"F32","shape":[3],"data_offsets":[0,8]}}""", 8), "needs 12 bytes but data_offsets give 8");

    [Fact]
    public void ShapeMeantToOverflowOrAllocateTerabytes() =>
        AssertRejected(File8("""{"w":{"dtype":"F32","shape":[4294967296,4294967296,16],"data_offsets":[0,8]}}""", 8), "larger than the file");

    [Fact]
    public void NegativeDimension() =>
        AssertRejected(File8("""{"w":{"dtype":"F32","shape":[-1],"data_offsets":[0,4]}}""", 4), "non-negative integer");

    [Fact]
    public void MissingFields() =>
        AssertRejected(File8("""{"w":{"shape":[1],"data_offsets":[0,4]}}""", 4), "missing dtype");

    [Fact]
    public void MetadataMustBeStrings() =>
        AssertRejected(File8("""{"__metadata__":{"a":1}}""", 0), "not a string");

    [Fact]
    public void DeeplyNestedHeaderIsRefused() =>
        AssertRejected(File8(new string('[', 5000) + new string(']', 5000), 0), "not valid JSON");

    [Fact]
    public void MissingFile()
    {
        var e = Assert.Throws<InvalidInputFileException>(() => SafetensorsFile.Open(Path.Combine(_dir, "none.safetensors")));
        Assert.Contains("file not found", e.Message);
    }
}
