using System.Buffers.Binary;
using System.Text;
using ShoggothLens.Core.Formats;
using ShoggothLens.Core.Safetensors;

namespace ShoggothLens.Core.Tests.Safetensors;

/// <summary>
/// Issue 14: safetensors <c>data_offsets</c> given as strings, and a header with invalid UTF-8, crashed (exit 70). Values
/// of the wrong JSON type and bytes that are not UTF-8 are bad input: an <see cref="InvalidInputFileException"/> naming the file.
/// </summary>
public sealed class SafetensorsTypeErrorTests : IDisposable
{
    readonly string _dir = Directory.CreateTempSubdirectory("st-types-").FullName;
    public void Dispose() => Directory.Delete(_dir, recursive: true);

    string Write(byte[] header, int dataBytes)
    {
        var bytes = new byte[8 + header.Length + dataBytes];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, (ulong)header.Length);
        header.CopyTo(bytes, 8);
        string path = Path.Combine(_dir, $"{Guid.NewGuid():N}.safetensors");
        File.WriteAllBytes(path, bytes);
        return path;
    }

    [Theory]
    [InlineData("""{"w":{"dtype":"F32","shape":[1],"data_offsets":["0","4"]}}""")]
    [InlineData("""{"w":{"dtype":"F32","shape":["1"],"data_offsets":[0,4]}}""")]
    [InlineData("""{"w":{"dtype":32,"shape":[1],"data_offsets":[0,4]}}""")]
    [InlineData("""{"w":{"dtype":"F32","shape":[1],"data_offsets":[0.5,4]}}""")]
    [InlineData("""{"w":{"dtype":"F32","shape":[1],"data_offsets":{"begin":0}}}""")]
    [InlineData("""{"w":{"dtype":null,"shape":null,"data_offsets":null}}""")]
    [InlineData("""{"__metadata__":{"format":7}}""")]
    public void A_value_of_the_wrong_type_is_bad_input(string header)
    {
        string path = Write(Encoding.UTF8.GetBytes(header), 4);
        var e = Assert.Throws<InvalidInputFileException>(() => SafetensorsFile.Open(path).Dispose());
        Assert.Equal(path, e.FilePath);
    }

    [Theory]
    [InlineData(new byte[] { 0xFF })]
    [InlineData(new byte[] { 0xC3 })]               // a lead byte with no continuation
    [InlineData(new byte[] { 0xED, 0xA0, 0x80 })]   // an encoded surrogate
    public void A_header_that_is_not_utf8_is_bad_input(byte[] bad)
    {
        byte[] head = Encoding.UTF8.GetBytes("""{"w""");
        byte[] tail = Encoding.UTF8.GetBytes(""":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}}""");
        string path = Write([.. head, .. bad, .. tail], 4);
        var e = Assert.Throws<InvalidInputFileException>(() => SafetensorsFile.Open(path).Dispose());
        Assert.Contains("not valid UTF-8", e.Message);
    }
}
