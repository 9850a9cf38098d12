using System.Text.Json;
using ShoggothLens.Core.Formats;

namespace ShoggothLens.Sae.Formats;

/// <summary>Reads the small JSON config files of SAE layouts, with size limits and errors that name the file and key.</summary>
internal static class SaeJson
{
    public const long MaxConfigBytes = 1 << 20;

    public static JsonDocument ReadConfig(string path)
    {
        if (!File.Exists(path)) throw new InvalidInputFileException(path, "file not found");
        long length = new FileInfo(path).Length;
        if (length > MaxConfigBytes) throw new InvalidInputFileException(path, $"{length} bytes; an SAE config is at most {MaxConfigBytes} bytes");
        try
        {
            var document = JsonDocument.Parse(File.ReadAllBytes(path), new JsonDocumentOptions { MaxDepth = 16 });
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                document.Dispose();
                throw new InvalidInputFileException(path, "expected a JSON object");
            }
            if (JsonText.FirstUnreadable(document.RootElement) is { } where)
            {
                document.Dispose();
                throw new InvalidInputFileException(path, $"{where}: a string is not valid text (invalid UTF-8 or a lone surrogate)");
            }
            return document;
        }
        catch (JsonException e)
        {
            throw new InvalidInputFileException(path, $"not valid JSON ({e.Message})");
        }
    }

    public static int? Int(JsonElement root, string path, string key)
    {
        if (!root.TryGetProperty(key, out var value) || value.ValueKind == JsonValueKind.Null) return null;
        if (value.ValueKind != JsonValueKind.Number || !value.TryGetInt32(out int result))
            throw new InvalidInputFileException(path, $"'{key}' must be an integer, got {value.GetRawText()}");
        return result;
    }

    public static int RequireInt(JsonElement root, string path, string key) =>
        Int(root, path, key) ?? throw new InvalidInputFileException(path, $"missing '{key}'");

    public static string? String(JsonElement root, string path, string key)
    {
        if (!root.TryGetProperty(key, out var value) || value.ValueKind == JsonValueKind.Null) return null;
        if (value.ValueKind != JsonValueKind.String) throw new InvalidInputFileException(path, $"'{key}' must be a string, got {value.GetRawText()}");
        return value.GetString();
    }

    public static bool? Bool(JsonElement root, string path, string key)
    {
        if (!root.TryGetProperty(key, out var value) || value.ValueKind == JsonValueKind.Null) return null;
        return value.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            _ => throw new InvalidInputFileException(path, $"'{key}' must be true or false, got {value.GetRawText()}"),
        };
    }

    public static JsonElement? Object(JsonElement root, string key) =>
        root.TryGetProperty(key, out var value) && value.ValueKind == JsonValueKind.Object ? value : null;
}
