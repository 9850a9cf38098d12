using System.Text.Json;

namespace ShoggothLens.Core.Tests.Export;

/// <summary>
/// A validator for the part of JSON Schema the checked-in schemas use: <c>type</c> (a name or a list of names),
/// <c>required</c>, <c>properties</c>, <c>additionalProperties</c> (false or a schema), <c>items</c>, <c>minimum</c>
/// and <c>$ref</c> to <c>#/$defs/NAME</c>. Any other keyword in a schema is an error, so a schema cannot silently
/// ask for more than is checked. Returns every violation as "PATH: problem".
/// </summary>
public sealed class JsonSchemaSubset
{
    static readonly HashSet<string> Known = ["$schema", "$id", "title", "description", "$defs", "type", "required", "properties",
        "additionalProperties", "items", "minimum", "$ref"];

    readonly JsonElement _root;

    public JsonSchemaSubset(JsonElement root) => _root = root;

    public List<string> Validate(JsonElement instance)
    {
        var errors = new List<string>();
        Check(_root, instance, "$", errors);
        return errors;
    }

    void Check(JsonElement schema, JsonElement value, string path, List<string> errors)
    {
        if (schema.ValueKind == JsonValueKind.True) return;
        if (schema.ValueKind == JsonValueKind.False) { errors.Add($"{path}: not allowed here"); return; }
        foreach (var keyword in schema.EnumerateObject())
            if (!Known.Contains(keyword.Name)) throw new NotSupportedException($"schema keyword '{keyword.Name}' at {path} is not supported by this validator");

        if (schema.TryGetProperty("$ref", out var reference))
        {
            string target = reference.GetString()!;
            const string prefix = "#/$defs/";
            if (!target.StartsWith(prefix, StringComparison.Ordinal)) throw new NotSupportedException($"$ref '{target}'");
            Check(_root.GetProperty("$defs").GetProperty(target[prefix.Length..]), value, path, errors);
        }

        if (schema.TryGetProperty("type", out var type))
        {
            var allowed = type.ValueKind == JsonValueKind.Array ? type.EnumerateArray().Select(t => t.GetString()!).ToList() : [type.GetString()!];
            if (!allowed.Any(t => Is(t, value)))
            {
                errors.Add($"{path}: expected {string.Join(" or ", allowed)}, got {value.ValueKind}");
                return;
            }
        }

        if (schema.TryGetProperty("minimum", out var minimum) && value.ValueKind == JsonValueKind.Number && value.GetDouble() < minimum.GetDouble())
            errors.Add($"{path}: {value.GetRawText()} is below the minimum {minimum.GetRawText()}");

        if (value.ValueKind == JsonValueKind.Object)
        {
            if (schema.TryGetProperty("required", out var required))
                foreach (var name in required.EnumerateArray())
                    if (!value.TryGetProperty(name.GetString()!, out _)) errors.Add($"{path}: required property '{name.GetString()}' is missing");
            var properties = schema.TryGetProperty("properties", out var p) ? p : default;
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var property in value.EnumerateObject())
            {
                if (!seen.Add(property.Name)) errors.Add($"{path}: property '{property.Name}' appears twice");
                string child = $"{path}.{property.Name}";
                if (properties.ValueKind == JsonValueKind.Object && properties.TryGetProperty(property.Name, out var sub)) Check(sub, property.Value, child, errors);
                else if (schema.TryGetProperty("additionalProperties", out var additional)) Check(additional, property.Value, child, errors);
            }
        }

        if (value.ValueKind == JsonValueKind.Array && schema.TryGetProperty("items", out var items))
        {
            int i = 0;
            foreach (var item in value.EnumerateArray()) Check(items, item, $"{path}[{i++}]", errors);
        }
    }

    static bool Is(string type, JsonElement value) => type switch
    {
        "object" => value.ValueKind == JsonValueKind.Object,
        "array" => value.ValueKind == JsonValueKind.Array,
        "string" => value.ValueKind == JsonValueKind.String,
        "number" => value.ValueKind == JsonValueKind.Number,
        "integer" => value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out _),
        "boolean" => value.ValueKind is JsonValueKind.True or JsonValueKind.False,
        "null" => value.ValueKind == JsonValueKind.Null,
        _ => throw new NotSupportedException($"type '{type}'"),
    };
}
