using System.Text.Json;
using ShoggothLens.Core.Formats;

namespace ShoggothLens.Models.Transformers.Config;

/// <summary>
/// Turns a Hugging Face config.json into a <see cref="TransformerConfig"/>. Fields that fix tensor
/// shapes are required; the rest take the defaults of the family's transformers config class.
/// </summary>
public static class TransformerConfigParser
{
    /// <summary>Parses the config.json object read from <paramref name="configPath"/> (used in error messages).</summary>
    public static TransformerConfig Parse(JsonElement config, string configPath)
    {
        var json = new ConfigJson(config, configPath);
        if (config.ValueKind != JsonValueKind.Object) throw json.Error("expected a JSON object");
        string modelType = json.OptionalString("model_type") ?? throw json.Error("missing field 'model_type'");
        if (!ModelFamilies.TryParse(modelType, out var family))
            throw json.Error($"unknown model_type '{modelType}' (supported: {string.Join(", ", ModelFamilies.SupportedModelTypes)})");

        var parsed = family switch
        {
            ModelFamily.Gpt2 => Gpt2ConfigParser.Parse(json),
            ModelFamily.Llama or ModelFamily.Mistral or ModelFamily.Qwen2 => LlamaConfigParser.Parse(json, family),
            ModelFamily.Gemma2 => Gemma2ConfigParser.Parse(json),
            ModelFamily.GptNeoX => GptNeoXConfigParser.Parse(json),
            _ => throw new InvalidOperationException($"no parser for {family}"),
        };
        Validate(json, parsed);
        return parsed with
        {
            BosTokenId = json.OptionalTokenIds("bos_token_id") is [var bos, ..] ? bos : null,
            EosTokenIds = json.OptionalTokenIds("eos_token_id"),
        };
    }

    /// <summary>Reads and parses a config.json file.</summary>
    public static TransformerConfig ParseFile(string configPath)
    {
        if (!File.Exists(configPath)) throw new InvalidInputFileException(configPath, "missing config.json");
        if (new FileInfo(configPath).Length > 16 << 20)
            throw new InvalidInputFileException(configPath, "config.json is larger than 16 MiB");
        try
        {
            using var doc = JsonDocument.Parse(File.ReadAllBytes(configPath), new JsonDocumentOptions { MaxDepth = 64 });
            JsonText.Require(doc.RootElement, configPath);
            return Parse(doc.RootElement, configPath);
        }
        catch (JsonException e)
        {
            throw new InvalidInputFileException(configPath, $"not valid JSON ({e.Message})");
        }
    }

    internal static int HeadDim(ConfigJson json, int dModel, int nHeads, string headDimField = "head_dim")
    {
        if (json.OptionalSize(headDimField) is { } explicitHeadDim) return explicitHeadDim;
        if (dModel % nHeads != 0)
            throw json.Error($"hidden size {dModel} is not divisible by {nHeads} attention heads, and no '{headDimField}' is given");
        return dModel / nHeads;
    }

    /// <summary>Most layers accepted (the largest published models have under 200): a bound checked before any module is built.</summary>
    public const int MaxLayers = 1024;

    static void Validate(ConfigJson json, TransformerConfig c)
    {
        // Sizes are claims of an untrusted file: bounded before the model is built, so a hostile config fails in
        // microseconds instead of growing past 8 GB (issue 14: n_layer 16777216).
        if (c.NLayers > MaxLayers)
            throw json.Error($"{c.NLayers} layers; at most {MaxLayers} are accepted");
        foreach (var (what, rows, columns) in new (string, int, int)[]
                 { ("the embedding (vocab × hidden)", c.VocabSize, c.DModel), ("an MLP matrix (hidden × intermediate)", c.DModel, c.DMlp),
                   ("an attention matrix (hidden × heads·head_dim)", c.DModel, c.NHeads * c.HeadDim) })
            if ((long)rows * columns > int.MaxValue)
                throw json.Error($"{what} would hold {(long)rows * columns} weights, more than one tensor of this runtime takes ({int.MaxValue})");
        if (c.NHeads % c.NKvHeads != 0)
            throw json.Error($"{c.NHeads} attention heads are not a multiple of {c.NKvHeads} key/value heads");
        if (c.Rope is { } rope && rope.RotaryDim > c.HeadDim)
            throw json.Error($"rotary dimension {rope.RotaryDim} exceeds head_dim {c.HeadDim}");
        if (c.SlidingLayers.Count != 0 && c.SlidingLayers.Count != c.NLayers)
            throw json.Error($"{c.SlidingLayers.Count} layer types for {c.NLayers} layers");
    }
}
