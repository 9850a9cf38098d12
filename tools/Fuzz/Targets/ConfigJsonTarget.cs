using ShoggothLens.Fuzz.Engine;
using ShoggothLens.Models.Transformers.Config;

namespace ShoggothLens.Fuzz.Targets;

/// <summary>Hugging Face <c>config.json</c> of every family the parser knows (gpt2, llama, qwen2, gemma2, gpt_neox, the organism's).</summary>
public sealed class ConfigJsonTarget : FuzzTarget
{
    public override string Name => "config-json";
    public override string Description => "TransformerConfigParser.ParseFile, every family";

    public override IReadOnlyList<FuzzSeed> Seeds(SeedSources sources) =>
    [
        .. new[] { "gpt2", "llama", "qwen2", "gemma2", "gpt_neox" }.Select(m => Seed($"models/{m}", sources.Reference("models", m, "config.json"))),
        Seed("organism/base", sources.Repo("src", "ShoggothLens.Organism", "Checkpoints", "base", "config.json")),
    ];

    static FuzzSeed Seed(string name, string path) =>
        new(name, new Dictionary<string, byte[]> { ["config.json"] = File.ReadAllBytes(path) }, "config.json");

    public override void Parse(string folder, FuzzSeed seed) => TransformerConfigParser.ParseFile(Path.Combine(folder, "config.json"));
}
