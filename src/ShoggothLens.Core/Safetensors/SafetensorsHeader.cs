using System.Text.Json;
using ShoggothLens.Core.Formats;

namespace ShoggothLens.Core.Safetensors;

/// <summary>
/// Parses and validates a safetensors header. The file is untrusted: every length, offset and
/// shape is checked against the file size before anything is allocated or read.
/// </summary>
static class SafetensorsHeader
{
    /// <summary>The format's own cap on header size (the reference implementation uses 100 MB).</summary>
    public const long MaxHeaderBytes = 100_000_000;

    public static (Dictionary<string, SafetensorsTensorInfo> Tensors, Dictionary<string, string> Metadata)
        Parse(string path, ReadOnlySpan<byte> json, long dataLength)
    {
        // Names and strings are UTF-8 by the format; bytes that are not are bad input, refused before parsing (issue 14).
        if (!System.Text.Unicode.Utf8.IsValid(json))
            throw new InvalidInputFileException(path, "safetensors header is not valid UTF-8");
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(json.ToArray(), new JsonDocumentOptions { MaxDepth = 16 });
        }
        catch (JsonException e)
        {
            throw new InvalidInputFileException(path, $"safetensors header is not valid JSON ({e.Message})");
        }

        using (doc)
        {
            if (doc.RootElement.ValueKind != JsonValueKind.Object)
                throw new InvalidInputFileException(path, "safetensors header is not a JSON object");

            var tensors = new Dictionary<string, SafetensorsTensorInfo>(StringComparer.Ordinal);
            var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
            try
            {
                foreach (var property in doc.RootElement.EnumerateObject())
                {
                    if (property.Name == "__metadata__")
                    {
                        ReadMetadata(path, property.Value, metadata);
                        continue;
                    }
                    tensors[property.Name] = ReadEntry(path, property.Name, property.Value, dataLength);
                }
            }
            catch (InvalidOperationException e)
            {
                // A value of another JSON type than the format's (e.g. data_offsets as strings, a number for a dtype):
                // JsonElement's typed getters throw this; it is the file's fault, not ours (issue 14).
                throw new InvalidInputFileException(path, $"safetensors header holds a value of the wrong type ({e.Message})");
            }
            CheckNoOverlap(path, tensors.Values);
            return (tensors, metadata);
        }
    }

    static void ReadMetadata(string path, JsonElement value, Dictionary<string, string> metadata)
    {
        if (value.ValueKind != JsonValueKind.Object)
            throw new InvalidInputFileException(path, "__metadata__ is not an object of strings");
        foreach (var item in value.EnumerateObject())
        {
            if (item.Value.ValueKind != JsonValueKind.String)
                throw new InvalidInputFileException(path, $"__metadata__ entry '{item.Name}' is not a string");
            metadata[item.Name] = item.Value.GetString()!;
        }
    }

    static SafetensorsTensorInfo ReadEntry(string path, string name, JsonElement entry, long dataLength)
    {
        string Where(string problem) => $"tensor '{name}': {problem}";
        if (entry.ValueKind != JsonValueKind.Object)
            throw new InvalidInputFileException(path, Where("header entry is not an object"));

        if (!entry.TryGetProperty("dtype", out var dtypeElement) || dtypeElement.ValueKind != JsonValueKind.String)
            throw new InvalidInputFileException(path, Where("missing dtype"));
        string dtypeText = dtypeElement.GetString()!;
        if (!SafetensorsDTypes.TryParse(dtypeText, out var dtype))
            throw new InvalidInputFileException(path, Where($"unknown dtype '{dtypeText}'"));

        if (!entry.TryGetProperty("shape", out var shapeElement) || shapeElement.ValueKind != JsonValueKind.Array)
            throw new InvalidInputFileException(path, Where("missing shape"));
        var shape = new List<long>();
        long elements = 1;
        foreach (var dim in shapeElement.EnumerateArray())
        {
            if (dim.ValueKind != JsonValueKind.Number || !dim.TryGetInt64(out long d) || d < 0)
                throw new InvalidInputFileException(path, Where("shape holds something other than a non-negative integer"));
            shape.Add(d);
            // A hostile shape can overflow; anything larger than the file is wrong anyway.
            if (d != 0 && elements > dataLength / d + 1)
                throw new InvalidInputFileException(path, Where($"shape [{string.Join(", ", shape)}...] is larger than the file"));
            elements *= d;
        }

        if (!entry.TryGetProperty("data_offsets", out var offsets) || offsets.ValueKind != JsonValueKind.Array
            || offsets.GetArrayLength() != 2
            || !offsets[0].TryGetInt64(out long begin) || !offsets[1].TryGetInt64(out long end))
            throw new InvalidInputFileException(path, Where("data_offsets must be [begin, end]"));
        if (begin < 0 || end < begin)
            throw new InvalidInputFileException(path, Where($"data_offsets [{begin}, {end}] are not an increasing range"));
        if (end > dataLength)
            throw new InvalidInputFileException(path, Where($"data_offsets [{begin}, {end}] run past the end of the data ({dataLength} bytes)"));

        long expectedBytes = elements * dtype.SizeInBytes();
        if (end - begin != expectedBytes)
            throw new InvalidInputFileException(path,
                Where($"shape [{string.Join(", ", shape)}] of {dtype} needs {expectedBytes} bytes but data_offsets give {end - begin}"));

        return new SafetensorsTensorInfo(name, dtype, shape, begin, end);
    }

    static void CheckNoOverlap(string path, IEnumerable<SafetensorsTensorInfo> tensors)
    {
        SafetensorsTensorInfo? previous = null;
        foreach (var t in tensors.Where(t => t.ByteLength > 0).OrderBy(t => t.Begin))
        {
            if (previous is not null && t.Begin < previous.End)
                throw new InvalidInputFileException(path, $"tensors '{previous.Name}' and '{t.Name}' overlap in the data section");
            previous = t;
        }
    }
}
