using ShoggothLens.Core.Safetensors;
using ShoggothLens.Fuzz.Engine;

namespace ShoggothLens.Fuzz.Targets;

/// <summary><c>*.safetensors</c>: the header, then every tensor read out (floats as float32, integers as int64, the rest as bytes).</summary>
public sealed class SafetensorsTarget : FuzzTarget
{
    public override string Name => "safetensors";
    public override string Description => "SafetensorsFile.Open + every tensor read";

    public override IReadOnlyList<FuzzSeed> Seeds(SeedSources sources) =>
    [
        .. new[] { "gpt2", "llama", "gemma2" }.Select(m => Seed($"models/{m}", sources.Reference("models", m, "model.safetensors"))),
        Seed("saes/saelens-jumprelu", sources.Reference("saes", "saelens-jumprelu", "sae_weights.safetensors")),
        Seed("saes/expected", sources.Reference("saes", "saelens-topk", "expected.safetensors")),
    ];

    static FuzzSeed Seed(string name, string path) =>
        new(name, new Dictionary<string, byte[]> { ["x.safetensors"] = File.ReadAllBytes(path) }, "x.safetensors");

    public override void Parse(string folder, FuzzSeed seed)
    {
        using var file = SafetensorsFile.Open(Path.Combine(folder, seed.Mutable));
        foreach (var (name, info) in file.Tensors)
        {
            switch (info.DType)
            {
                case SafetensorsDType.F64 or SafetensorsDType.F32 or SafetensorsDType.F16 or SafetensorsDType.BF16:
                    file.ReadFloat32(name);
                    break;
                case SafetensorsDType.I64 or SafetensorsDType.I32 or SafetensorsDType.I16 or SafetensorsDType.I8 or SafetensorsDType.U8:
                    file.ReadInt64(name);
                    break;
                default:
                    file.CopyBytes(name, new byte[info.ByteLength]);
                    break;
            }
        }
    }
}
