using ShoggothLens.Models.Tokenization;

namespace ShoggothLens.Models.Tests.Tokenization;

/// <summary>
/// The two byte-level BPE implementations, built from the same files, so that every fixture test
/// runs on both: the package-backed one the loader prefers, and ours (kept for what the package lacks).
/// </summary>
public static class ByteLevelImplementations
{
    public const string Package = "package";
    public const string Own = "own";
    public static readonly string[] Names = [Package, Own];
    public static readonly string[] Sources = ["tokenizer.json", "vocab.json+merges.txt"];

    public static ByteLevelBpeModel Read(string dir, string source)
    {
        var config = TokenizerConfig.Read(dir);
        if (source == "tokenizer.json")
            return TokenizerJsonReader.TryReadModel(Path.Combine(dir, "tokenizer.json"), config, out string? unsupported)
                ?? throw new InvalidOperationException(unsupported);
        return Gpt2FilesReader.ReadModel(Path.Combine(dir, "vocab.json"), Path.Combine(dir, "merges.txt"), config);
    }

    public static TextTokenizer Build(string implementation, ByteLevelBpeModel model) => implementation switch
    {
        Package => new PackageByteLevelBpeTokenizer(model),
        Own => new ByteLevelBpeTokenizer(model),
        _ => throw new ArgumentException(implementation, nameof(implementation)),
    };
}
