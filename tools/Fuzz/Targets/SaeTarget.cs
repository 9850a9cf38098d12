using ShoggothLens.Fuzz.Engine;
using ShoggothLens.Sae.Formats;

namespace ShoggothLens.Fuzz.Targets;

/// <summary>
/// An SAE folder loaded by <see cref="SaeFiles.Load"/> (layout detected, config read, every weight read and checked):
/// SAELens (<c>cfg.json</c>, <c>sae_weights.safetensors</c>), sparsify (<c>cfg.json</c>, <c>sae.safetensors</c> in a hook
/// folder) and Gemma Scope (<c>params.npz</c>), each file of each layout mutated in turn.
/// </summary>
public sealed class SaeTarget(string name, string description, Func<SeedSources, IReadOnlyList<FuzzSeed>> seeds) : FuzzTarget
{
    public override string Name => name;
    public override string Description => description;
    public override IReadOnlyList<FuzzSeed> Seeds(SeedSources sources) => seeds(sources);

    public override void Parse(string folder, FuzzSeed seed) => SaeFiles.Load(folder);

    public static SaeTarget SaeLens() => new("sae-saelens", "SaeFiles.Load, SAELens layout (cfg.json, sae_weights.safetensors)", s =>
        [.. new[] { "saelens-standard", "saelens-jumprelu", "saelens-topk" }.SelectMany(sae => new[] { "cfg.json", "sae_weights.safetensors" }
            .Select(file => new FuzzSeed($"{sae}/{file}", SeedSources.ReadFolder(s.Reference("saes", sae), NotExpected), file)))]);

    public static SaeTarget Sparsify() => new("sae-sparsify", "SaeFiles.Load, sparsify layout (layers.N/cfg.json, sae.safetensors)", s =>
        [.. new[] { "cfg.json", "sae.safetensors" }.Select(file =>
            new FuzzSeed($"sparsify-topk/{file}", SeedSources.ReadFolder(s.Reference("saes", "sparsify-topk"), NotExpected), Path.Combine("layers.1", file)))]);

    public static SaeTarget GemmaScope() => new("sae-gemmascope", "SaeFiles.Load, Gemma Scope layout (params.npz: zip of .npy)", s =>
        [new FuzzSeed("gemmascope-jumprelu", SeedSources.ReadFolder(s.Reference("saes", "gemmascope-jumprelu"), NotExpected), "params.npz")]);

    static bool NotExpected(string relative) => Path.GetFileName(relative) != "expected.safetensors";
}
