using ShoggothLens.Core.Formats;
using ShoggothLens.Core.Safetensors;
using ShoggothLens.Sae.Architectures;

namespace ShoggothLens.Sae.Formats;

/// <summary>
/// EleutherAI sparsify: one folder per hook with <c>cfg.json</c> and <c>sae.safetensors</c>
/// (encoder.weight [d_sae, d_in], encoder.bias [d_sae], W_dec [d_sae, d_in], b_dec [d_in]).
/// pre = ReLU((x − b_dec)·encoder.weightᵀ + encoder.bias), then top-k: the SAELens TopK rule.
/// </summary>
public static class SparsifyFormat
{
    public const string ConfigFile = "cfg.json";
    public const string WeightsFile = "sae.safetensors";

    public static bool Looks(string directory) =>
        File.Exists(Path.Combine(directory, ConfigFile)) && File.Exists(Path.Combine(directory, WeightsFile));

    public static LoadedSae Load(string directory)
    {
        string cfgPath = Path.Combine(directory, ConfigFile);
        using var cfg = SaeJson.ReadConfig(cfgPath);
        var root = cfg.RootElement;
        string activation = SaeJson.String(root, cfgPath, "activation") ?? "topk";
        if (activation != "topk")
            throw new InvalidInputFileException(cfgPath, $"sparsify activation '{activation}' is not supported (topk is)");
        int k = SaeJson.RequireInt(root, cfgPath, "k");

        string weightsPath = Path.Combine(directory, WeightsFile);
        using var weights = SafetensorsFile.Open(weightsPath);
        if (weights.Tensors.ContainsKey("W_skip"))
            throw new InvalidInputFileException(weightsPath, "sparsify SAEs with a skip connection (W_skip) are not supported");
        var (dSae, dIn) = SaeTensors.Shape2(weightsPath, "encoder.weight", weights.Info("encoder.weight").Shape);
        if (SaeJson.Int(root, cfgPath, "d_in") is { } cfgDIn && cfgDIn != dIn)
            throw new InvalidInputFileException(cfgPath, $"d_in {cfgDIn} disagrees with encoder.weight's {dIn}");
        if (SaeJson.Int(root, cfgPath, "num_latents") is { } latents && latents != 0 && latents != dSae)
            throw new InvalidInputFileException(cfgPath, $"num_latents {latents} disagrees with encoder.weight's {dSae}");

        var encoder = SaeTensors.Read(weights, "encoder.weight", dSae, dIn);
        var parameters = new SaeParameters(dIn, dSae,
            SaeParameters.Transpose(encoder, dSae, dIn),
            SaeTensors.Read(weights, "encoder.bias", dSae),
            SaeTensors.Read(weights, "W_dec", dSae, dIn),
            SaeTensors.Read(weights, "b_dec", dIn));
        var config = new SaeConfig(SaeArchitecture.TopK, dIn, dSae, k, ApplyBDecToInput: true,
            HookName: Path.GetFileName(Path.TrimEndingDirectorySeparator(directory)));
        try { config.Validate(); }
        catch (ArgumentException e) { throw new InvalidInputFileException(cfgPath, e.Message); }
        return new LoadedSae(config, parameters, SaeLayout.Sparsify, directory);
    }
}
