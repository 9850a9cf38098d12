namespace ShoggothLens.Models.Tests.Fixtures;

/// <summary>
/// Paths into the shared reference fixtures (<c>../shared/fixtures/reference/</c> beside the
/// repository root, which is found by walking up from the test binaries to ShoggothLens.sln).
/// </summary>
public static class ReferenceFixtures
{
    static readonly Lazy<string> Root = new(FindRepoRoot);

    /// <summary>The folder holding ShoggothLens.sln.</summary>
    public static string RepoRoot => Root.Value;

    /// <summary><c>../shared/fixtures/reference</c> relative to the repository root.</summary>
    public static string ReferenceDirectory =>
        System.IO.Path.GetFullPath(System.IO.Path.Combine(RepoRoot, "..", "shared", "fixtures", "reference"));

    /// <summary>A path under the reference fixtures, e.g. <c>Under("saes", "saelens-topk")</c>.</summary>
    public static string Under(params string[] parts) =>
        System.IO.Path.Combine([ReferenceDirectory, .. parts]);

    /// <summary><c>models/{arch}</c>: gpt2, llama, qwen2, gemma2, gpt_neox.</summary>
    public static string Model(string arch) => Under("models", arch);

    /// <summary><c>tokenizers/{name}</c>: bytelevel-bpe, sentencepiece-bpe.</summary>
    public static string Tokenizer(string name) => Under("tokenizers", name);

    /// <summary><c>saes/{name}</c>.</summary>
    public static string Sae(string name) => Under("saes", name);

    public static IReadOnlyList<string> ModelArchitectures { get; } = ["gpt2", "llama", "qwen2", "gemma2", "gpt_neox"];

    static string FindRepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "ShoggothLens.sln")))
                return dir.FullName;
        throw new DirectoryNotFoundException($"no ShoggothLens.sln above {AppContext.BaseDirectory}");
    }
}
