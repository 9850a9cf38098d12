using ShoggothLens.Core.Files;
using System.Text.Json;
using ShoggothLens.Core.Formats;
using ShoggothLens.Core.Safetensors;
using ShoggothLens.Sae.Architectures;

namespace ShoggothLens.Sae.Formats;

/// <summary>
/// The SAELens layout: <c>cfg.json</c> + <c>sae_weights.safetensors</c> with W_enc [d_in, d_sae],
/// b_enc [d_sae], W_dec [d_sae, d_in], b_dec [d_in] and, for JumpReLU, threshold [d_sae].
/// Reads SAELens 6 configs (hook and model under <c>metadata</c>) and older ones (at the top level,
/// TopK as <c>activation_fn_str</c>).
/// </summary>
public static class SaeLensFormat
{
    public const string ConfigFile = "cfg.json";
    public const string WeightsFile = "sae_weights.safetensors";

    public static bool Looks(string directory) =>
        File.Exists(Path.Combine(directory, ConfigFile)) && File.Exists(Path.Combine(directory, WeightsFile));

    public static LoadedSae Load(string directory)
    {
        string cfgPath = Path.Combine(directory, ConfigFile);
        string weightsPath = Path.Combine(directory, WeightsFile);
        using var cfg = SaeJson.ReadConfig(cfgPath);
        var root = cfg.RootElement;
        int dIn = SaeJson.RequireInt(root, cfgPath, "d_in");
        int dSae = SaeJson.RequireInt(root, cfgPath, "d_sae");
        if (dIn < 1 || dSae < 1) throw new InvalidInputFileException(cfgPath, $"d_in and d_sae must be positive, got {dIn} and {dSae}");
        var metadata = SaeJson.Object(root, "metadata");
        string? Meta(string key) => (metadata is { } m ? SaeJson.String(m, cfgPath, key) : null) ?? SaeJson.String(root, cfgPath, key);

        string normalize = SaeJson.String(root, cfgPath, "normalize_activations") ?? "none";
        if (normalize != "none")
            throw new InvalidInputFileException(cfgPath, $"normalize_activations '{normalize}' needs a runtime scaling factor this file does not carry; fold it into the weights first");

        var (architecture, k) = ReadArchitecture(root, cfgPath);
        string? trained = Meta("trained_architecture");
        var config = new SaeConfig(architecture, dIn, dSae, k,
            SaeJson.Bool(root, cfgPath, "apply_b_dec_to_input") ?? true,
            Meta("hook_name"), Meta("model_name"),
            trained is null ? null : ParseTrained(trained, cfgPath));
        Validate(config, cfgPath);

        using var weights = SafetensorsFile.Open(weightsPath);
        var parameters = new SaeParameters(dIn, dSae,
            SaeTensors.Read(weights, "W_enc", dIn, dSae),
            SaeTensors.Read(weights, "b_enc", dSae),
            SaeTensors.Read(weights, "W_dec", dSae, dIn),
            SaeTensors.Read(weights, "b_dec", dIn),
            architecture == SaeArchitecture.JumpReLU ? SaeTensors.Read(weights, "threshold", dSae) : null);
        return new LoadedSae(config, parameters, SaeLayout.SaeLens, directory);
    }

    static (SaeArchitecture, int?) ReadArchitecture(JsonElement root, string cfgPath)
    {
        string name = SaeJson.String(root, cfgPath, "architecture") ?? "standard";
        string? activation = SaeJson.String(root, cfgPath, "activation_fn_str");
        int? k = SaeJson.Int(root, cfgPath, "k");
        if (SaeJson.Object(root, "activation_fn_kwargs") is { } kwargs) k ??= SaeJson.Int(kwargs, cfgPath, "k");
        if (name == "standard" && activation == "topk") name = "topk";
        var architecture = name switch
        {
            "standard" => SaeArchitecture.Standard,
            "topk" => SaeArchitecture.TopK,
            "jumprelu" => SaeArchitecture.JumpReLU,
            "batchtopk" => throw new InvalidInputFileException(cfgPath, "architecture 'batchtopk' without a JumpReLU threshold; SAELens saves trained BatchTopK SAEs as 'jumprelu'"),
            _ => throw new InvalidInputFileException(cfgPath, $"architecture '{name}' is not supported (standard, topk, jumprelu are)"),
        };
        return (architecture, architecture == SaeArchitecture.TopK ? k : null);
    }

    static SaeArchitecture ParseTrained(string name, string cfgPath)
    {
        try { return SaeArchitectures.Parse(name); }
        catch (ArgumentException e) { throw new InvalidInputFileException(cfgPath, e.Message); }
    }

    static void Validate(SaeConfig config, string cfgPath)
    {
        try { config.Validate(); }
        catch (ArgumentException e) { throw new InvalidInputFileException(cfgPath, e.Message); }
    }

    /// <summary>
    /// Writes <paramref name="directory"/>/cfg.json and sae_weights.safetensors, each atomically
    /// (weights first, so a directory with a config always has its weights).
    /// </summary>
    public static void Save(string directory, SaeConfig config, SaeParameters parameters, IReadOnlyDictionary<string, string>? extraMetadata = null)
    {
        config.Validate();
        if (config.Architecture == SaeArchitecture.JumpReLU && parameters.Threshold is null)
            throw new ArgumentException("a JumpReLU SAE needs a threshold");
        Directory.CreateDirectory(directory);
        int dIn = parameters.DIn, dSae = parameters.DSae;
        var tensors = new List<SafetensorsTensor>
        {
            SafetensorsTensor.Float32("W_enc", [dIn, dSae], parameters.WEnc),
            SafetensorsTensor.Float32("b_enc", [dSae], parameters.BEnc),
            SafetensorsTensor.Float32("W_dec", [dSae, dIn], parameters.WDec),
            SafetensorsTensor.Float32("b_dec", [dIn], parameters.BDec),
        };
        if (config.Architecture == SaeArchitecture.JumpReLU)
            tensors.Add(SafetensorsTensor.Float32("threshold", [dSae], parameters.Threshold));
        SafetensorsWriter.Write(Path.Combine(directory, WeightsFile), tensors);
        AtomicFile.WriteAllText(Path.Combine(directory, ConfigFile), ConfigJson(config, extraMetadata));
    }

    static string ConfigJson(SaeConfig config, IReadOnlyDictionary<string, string>? extraMetadata)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartObject();
            w.WriteString("architecture", config.Architecture.SaeLensName());
            w.WriteNumber("d_in", config.DIn);
            w.WriteNumber("d_sae", config.DSae);
            w.WriteString("dtype", "float32");
            w.WriteString("device", "cpu");
            w.WriteBoolean("apply_b_dec_to_input", config.ApplyBDecToInput);
            w.WriteString("normalize_activations", "none");
            if (config.Architecture == SaeArchitecture.TopK) w.WriteNumber("k", config.K!.Value);
            w.WriteStartObject("metadata");
            if (config.ModelName is not null) w.WriteString("model_name", config.ModelName);
            if (config.HookName is not null) w.WriteString("hook_name", config.HookName);
            if (config.TrainedAs is { } trained) w.WriteString("trained_architecture", trained.SaeLensName());
            foreach (var (key, value) in extraMetadata ?? new Dictionary<string, string>())
                w.WriteString(key, value);
            w.WriteEndObject();
            w.WriteEndObject();
        }
        return System.Text.Encoding.UTF8.GetString(buffer.ToArray()) + "\n";
    }
}
