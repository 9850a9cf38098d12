using System.Text.Json;

namespace ShoggothLens.Core.Formats;

/// <summary>Typed, checked reads of our JSON files (store manifest, chunk headers, catalog side files); a problem is a FormatException naming the field.</summary>
internal static class JsonFields
{
    public static JsonElement Get(JsonElement obj, string name, JsonValueKind kind)
    {
        if (obj.ValueKind != JsonValueKind.Object)
            throw new FormatException($"expected a JSON object holding '{name}'");
        if (!obj.TryGetProperty(name, out var value))
            throw new FormatException($"'{name}' is missing");
        if (value.ValueKind != kind && !(kind == JsonValueKind.True && value.ValueKind == JsonValueKind.False))
            throw new FormatException($"'{name}' should be {Describe(kind)}, not {value.ValueKind.ToString().ToLowerInvariant()}");
        return value;
    }

    public static string String(JsonElement obj, string name) => Text(Get(obj, name, JsonValueKind.String), name);

    /// <summary>A string value as text. JsonDocument leaves string contents unchecked until read: invalid UTF-8 in one is a format problem, not a crash.</summary>
    static string Text(JsonElement value, string name)
    {
        try
        {
            return value.GetString()!;
        }
        catch (InvalidOperationException e)
        {
            throw new FormatException($"'{name}' is not valid UTF-8 text ({e.Message})", e);
        }
    }

    public static string? OptionalString(JsonElement obj, string name) =>
        obj.TryGetProperty(name, out var v) && v.ValueKind != JsonValueKind.Null ? String(obj, name) : null;

    public static long Long(JsonElement obj, string name, long min = 0, long max = long.MaxValue)
    {
        var value = Get(obj, name, JsonValueKind.Number);
        if (!value.TryGetInt64(out long n) || n < min || n > max)
            throw new FormatException($"'{name}' should be an integer in [{min}, {max}], not {value.GetRawText()}");
        return n;
    }

    public static long? OptionalLong(JsonElement obj, string name, long min = 0, long max = long.MaxValue) =>
        obj.TryGetProperty(name, out var v) && v.ValueKind != JsonValueKind.Null ? Long(obj, name, min, max) : null;

    public static int Int(JsonElement obj, string name, int min = 0, int max = int.MaxValue) => (int)Long(obj, name, min, max);

    public static double Double(JsonElement obj, string name)
    {
        var value = Get(obj, name, JsonValueKind.Number);
        if (!value.TryGetDouble(out double x) || !double.IsFinite(x)) throw new FormatException($"'{name}' should be a finite number, not {value.GetRawText()}");
        return x;
    }

    public static bool Bool(JsonElement obj, string name) => Get(obj, name, JsonValueKind.True).GetBoolean();

    public static List<T> Array<T>(JsonElement obj, string name, Func<JsonElement, T> read) =>
        Get(obj, name, JsonValueKind.Array).EnumerateArray().Select(read).ToList();

    public static List<string> Strings(JsonElement obj, string name) =>
        Array(obj, name, e => e.ValueKind == JsonValueKind.String ? Text(e, name) : throw new FormatException($"'{name}' should hold strings"));

    static string Describe(JsonValueKind kind) => kind switch
    {
        JsonValueKind.True => "true or false",
        JsonValueKind.Number => "a number",
        JsonValueKind.String => "a string",
        JsonValueKind.Array => "a list",
        JsonValueKind.Object => "an object",
        _ => kind.ToString(),
    };

    public static void WriteStrings(Utf8JsonWriter w, string name, IEnumerable<string> values)
    {
        w.WriteStartArray(name);
        foreach (var v in values) w.WriteStringValue(v);
        w.WriteEndArray();
    }

    public static readonly JsonWriterOptions Compact = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
    public static readonly JsonWriterOptions Indented = new() { Indented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
}
