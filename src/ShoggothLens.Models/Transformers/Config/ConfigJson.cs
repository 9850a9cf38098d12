using System.Text.Json;
using ShoggothLens.Core.Formats;

namespace ShoggothLens.Models.Transformers.Config;

/// <summary>
/// Typed reads of a config.json object. A JSON null counts as absent (HF writes
/// <c>"n_inner": null</c>); a wrong type or out-of-range value is an
/// <see cref="InvalidInputFileException"/> naming the file and field.
/// </summary>
internal sealed class ConfigJson(JsonElement root, string path)
{
    /// <summary>Upper bound for any size field, far above real models, so hostile values cannot allocate.</summary>
    public const int MaxDimension = 1 << 24;

    public JsonElement Root { get; } = root;
    public string Path { get; } = path;

    public InvalidInputFileException Error(string problem) => new(Path, problem);

    public static bool TryGet(JsonElement obj, string name, out JsonElement value)
    {
        if (obj.ValueKind == JsonValueKind.Object && obj.TryGetProperty(name, out value) && value.ValueKind != JsonValueKind.Null)
            return true;
        value = default;
        return false;
    }

    public bool Has(string name) => TryGet(Root, name, out _);

    public int RequiredSize(string name) =>
        OptionalSize(name) ?? throw Error($"missing field '{name}'");

    public int? OptionalSize(string name) => OptionalSize(Root, name, name);

    public int? OptionalSize(JsonElement obj, string name, string label)
    {
        if (!TryGet(obj, name, out var v)) return null;
        if (v.ValueKind != JsonValueKind.Number || !v.TryGetInt64(out long n))
            throw Error($"field '{label}' must be an integer, got {Describe(v)}");
        if (n <= 0 || n > MaxDimension)
            throw Error($"field '{label}' is {n}; expected 1..{MaxDimension}");
        return (int)n;
    }

    public double? OptionalDouble(string name) => OptionalDouble(Root, name, name);

    public double? OptionalDouble(JsonElement obj, string name, string label)
    {
        if (!TryGet(obj, name, out var v)) return null;
        if (v.ValueKind != JsonValueKind.Number || !v.TryGetDouble(out double d) || !double.IsFinite(d))
            throw Error($"field '{label}' must be a number, got {Describe(v)}");
        return d;
    }

    public double OptionalPositive(string name, double fallback) => OptionalPositive(Root, name, name) ?? fallback;

    public double? OptionalPositive(JsonElement obj, string name, string label)
    {
        double? d = OptionalDouble(obj, name, label);
        if (d is <= 0) throw Error($"field '{label}' is {d}; expected a positive number");
        return d;
    }

    public bool OptionalBool(string name, bool fallback)
    {
        if (!TryGet(Root, name, out var v)) return fallback;
        return v.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            _ => throw Error($"field '{name}' must be true or false, got {Describe(v)}"),
        };
    }

    public string? OptionalString(string name) => OptionalString(Root, name, name);

    public string? OptionalString(JsonElement obj, string name, string label)
    {
        if (!TryGet(obj, name, out var v)) return null;
        if (v.ValueKind != JsonValueKind.String)
            throw Error($"field '{label}' must be a string, got {Describe(v)}");
        return Text(v) ?? throw Error($"field '{label}' is not valid text (invalid UTF-8 or a lone surrogate)");
    }

    /// <summary>A string's text, or null when it cannot be read as UTF-16 (invalid UTF-8 or an escaped lone surrogate: JsonDocument checks neither until read).</summary>
    static string? Text(JsonElement v)
    {
        try
        {
            return v.GetString();
        }
        catch (InvalidOperationException)
        {
            return null;
        }
    }

    /// <summary>An object-valued field, or null when absent.</summary>
    public JsonElement? OptionalObject(string name)
    {
        if (!TryGet(Root, name, out var v)) return null;
        if (v.ValueKind != JsonValueKind.Object)
            throw Error($"field '{name}' must be an object, got {Describe(v)}");
        return v;
    }

    /// <summary>A token id or a list of token ids (as <c>eos_token_id</c> may be).</summary>
    public IReadOnlyList<long> OptionalTokenIds(string name)
    {
        if (!TryGet(Root, name, out var v)) return [];
        if (v.ValueKind == JsonValueKind.Number && v.TryGetInt64(out long single) && single >= 0) return [single];
        if (v.ValueKind == JsonValueKind.Array)
        {
            var ids = new List<long>();
            foreach (var item in v.EnumerateArray())
            {
                if (item.ValueKind != JsonValueKind.Number || !item.TryGetInt64(out long id) || id < 0)
                    throw Error($"field '{name}' must hold non-negative integers, got {Describe(item)}");
                ids.Add(id);
            }
            return ids;
        }
        throw Error($"field '{name}' must be a token id or a list of them, got {Describe(v)}");
    }

    public ActivationFunction Activation(string name, string fallback)
    {
        string text = OptionalString(name) ?? fallback;
        return ActivationFunctions.TryParse(text, out var act)
            ? act
            : throw Error($"field '{name}' is '{text}', an unsupported activation (supported: {string.Join(", ", ActivationFunctions.SupportedNames)})");
    }

    /// <summary>
    /// <c>layer_types</c> as a per-layer "is sliding" list, or null when absent.
    /// </summary>
    public IReadOnlyList<bool>? LayerTypes(int nLayers)
    {
        if (!TryGet(Root, "layer_types", out var v)) return null;
        if (v.ValueKind != JsonValueKind.Array)
            throw Error($"field 'layer_types' must be a list, got {Describe(v)}");
        var result = new List<bool>();
        foreach (var item in v.EnumerateArray())
        {
            string? type = item.ValueKind == JsonValueKind.String ? Text(item) : null;
            result.Add(type switch
            {
                "sliding_attention" => true,
                "full_attention" => false,
                _ => throw Error($"field 'layer_types' holds {Describe(item)}; expected \"full_attention\" or \"sliding_attention\""),
            });
        }
        if (result.Count != nLayers)
            throw Error($"field 'layer_types' lists {result.Count} layers, but num_hidden_layers is {nLayers}");
        return result;
    }

    public static string Describe(JsonElement v) => v.ValueKind switch
    {
        JsonValueKind.String => Text(v) is { } text ? $"\"{Truncate(text)}\"" : "a string that is not valid text",
        JsonValueKind.Number => v.GetRawText(),
        JsonValueKind.True or JsonValueKind.False => v.GetRawText(),
        JsonValueKind.Array => "a list",
        JsonValueKind.Object => "an object",
        _ => v.ValueKind.ToString().ToLowerInvariant(),
    };

    static string Truncate(string s) => s.Length <= 40 ? s : s[..40] + "…";
}
