using System.Text.Json;

namespace ShoggothLens.Models.Transformers.Config;

/// <summary>
/// Reads rotary settings in both spellings: transformers ≥ 5 writes
/// <c>rope_parameters: {rope_theta, rope_type, partial_rotary_factor, ...}</c>; older files use
/// top-level <c>rope_theta</c> (GPT-NeoX: <c>rotary_emb_base</c>), <c>rotary_pct</c> or
/// <c>partial_rotary_factor</c>, and <c>rope_scaling</c> for scaling. Supports the default
/// rotation and Llama 3 scaling; any other scaling type is an error.
/// </summary>
internal static class RopeConfigParser
{
    public static readonly IReadOnlyList<string> SupportedTypes = ["default", "llama3"];

    public static RopeSettings Parse(ConfigJson json, int headDim, double defaultTheta = 10000.0, double defaultPartial = 1.0)
    {
        JsonElement? parameters = json.OptionalObject("rope_parameters");
        // Some configs key rope_parameters by layer type; the full-attention entry is the one we use.
        if (parameters is { } p && !ConfigJson.TryGet(p, "rope_theta", out _) && !ConfigJson.TryGet(p, "rope_type", out _)
            && ConfigJson.TryGet(p, "full_attention", out var full) && full.ValueKind == JsonValueKind.Object)
            parameters = full;
        JsonElement? scaling = json.OptionalObject("rope_scaling");

        double theta =
            (parameters is { } pp ? json.OptionalPositive(pp, "rope_theta", "rope_parameters.rope_theta") : null)
            ?? json.OptionalPositive(json.Root, "rope_theta", "rope_theta")
            ?? json.OptionalPositive(json.Root, "rotary_emb_base", "rotary_emb_base")
            ?? defaultTheta;

        double partial =
            (parameters is { } pq ? json.OptionalPositive(pq, "partial_rotary_factor", "rope_parameters.partial_rotary_factor") : null)
            ?? json.OptionalPositive(json.Root, "partial_rotary_factor", "partial_rotary_factor")
            ?? json.OptionalPositive(json.Root, "rotary_pct", "rotary_pct")
            ?? defaultPartial;
        if (partial > 1) throw json.Error($"partial rotary factor {partial} exceeds 1");
        int rotaryDim = (int)(headDim * partial);
        if (rotaryDim % 2 != 0 || rotaryDim == 0)
            throw json.Error($"rotary dimension {rotaryDim} (head_dim {headDim} × partial rotary factor {partial}) must be even and positive");

        // The scaling type lives in rope_parameters (new) or rope_scaling (old); "type" is an older key.
        JsonElement? source = null;
        string label = "";
        string? type = null;
        foreach (var (candidate, name) in new[] { (parameters, "rope_parameters"), (scaling, "rope_scaling") })
        {
            if (candidate is not { } c) continue;
            string? t = json.OptionalString(c, "rope_type", $"{name}.rope_type") ?? json.OptionalString(c, "type", $"{name}.type");
            if (t is null or "default") continue;
            (source, label, type) = (c, name, t);
            break;
        }
        type ??= "default";

        Llama3RopeScaling? llama3 = null;
        switch (type)
        {
            case "default":
                break;
            case "llama3":
                var s = source!.Value;
                double Need(string field) =>
                    json.OptionalPositive(s, field, $"{label}.{field}") ?? throw json.Error($"missing field '{label}.{field}' (needed for rope type 'llama3')");
                llama3 = new Llama3RopeScaling(Need("factor"), Need("low_freq_factor"), Need("high_freq_factor"), Need("original_max_position_embeddings"));
                if (llama3.HighFreqFactor <= llama3.LowFreqFactor)
                    throw json.Error($"{label}.high_freq_factor ({llama3.HighFreqFactor}) must exceed low_freq_factor ({llama3.LowFreqFactor})");
                break;
            default:
                throw json.Error($"unsupported rope type '{type}' in {label} (supported: {string.Join(", ", SupportedTypes)})");
        }
        return new RopeSettings(theta, rotaryDim, llama3);
    }
}
