using ShoggothLens.Core.Files;
using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Text.Json;
using ShoggothLens.Core.Formats;

namespace ShoggothLens.Core.Safetensors;

/// <summary>One tensor to write: name, element type, shape and its raw little-endian bytes.</summary>
public sealed record SafetensorsTensor(string Name, SafetensorsDType DType, IReadOnlyList<long> Shape, byte[] Data)
{
    public static SafetensorsTensor Float32(string name, IReadOnlyList<long> shape, ReadOnlySpan<float> values) =>
        new(name, SafetensorsDType.F32, shape, MemoryMarshal.AsBytes(values).ToArray());

    public static SafetensorsTensor Int64(string name, IReadOnlyList<long> shape, ReadOnlySpan<long> values) =>
        new(name, SafetensorsDType.I64, shape, MemoryMarshal.AsBytes(values).ToArray());
}

/// <summary>Writes safetensors files atomically (temp file, then rename), tensors in name order.</summary>
public static class SafetensorsWriter
{
    public static void Write(string path, IEnumerable<SafetensorsTensor> tensors, IReadOnlyDictionary<string, string>? metadata = null)
    {
        var ordered = tensors.OrderBy(t => t.Name, StringComparer.Ordinal).ToList();
        using var headerJson = new MemoryStream();
        using (var json = new Utf8JsonWriter(headerJson))
        {
            json.WriteStartObject();
            if (metadata is { Count: > 0 })
            {
                json.WriteStartObject("__metadata__");
                foreach (var (key, value) in metadata.OrderBy(kv => kv.Key, StringComparer.Ordinal))
                    json.WriteString(key, value);
                json.WriteEndObject();
            }
            long offset = 0;
            foreach (var t in ordered)
            {
                long expected = t.Shape.Aggregate(1L, (a, b) => a * b) * t.DType.SizeInBytes();
                if (expected != t.Data.Length)
                    throw new ArgumentException($"tensor '{t.Name}': shape needs {expected} bytes, data has {t.Data.Length}");
                json.WriteStartObject(t.Name);
                json.WriteString("dtype", t.DType.ToString());
                json.WriteStartArray("shape");
                foreach (var d in t.Shape) json.WriteNumberValue(d);
                json.WriteEndArray();
                json.WriteStartArray("data_offsets");
                json.WriteNumberValue(offset);
                json.WriteNumberValue(offset + t.Data.Length);
                json.WriteEndArray();
                json.WriteEndObject();
                offset += t.Data.Length;
            }
            json.WriteEndObject();
        }

        // The format pads the header with spaces to a multiple of 8 so the data is aligned.
        var header = headerJson.ToArray().ToList();
        while (header.Count % 8 != 0) header.Add((byte)' ');

        AtomicFile.Write(path, stream =>
        {
            Span<byte> length = stackalloc byte[8];
            BinaryPrimitives.WriteUInt64LittleEndian(length, (ulong)header.Count);
            stream.Write(length);
            stream.Write(CollectionsMarshal.AsSpan(header));
            foreach (var t in ordered) stream.Write(t.Data);
        });
    }
}
