namespace ShoggothLens.Models.Tokenization;

/// <summary>
/// Chooses the implementation of a byte-level BPE: Microsoft.ML.Tokenizers where it reproduces
/// Hugging Face exactly for this model's options (checked by the reference fixtures), our own
/// encoder for what the package lacks. docs/tokenizers.md lists the cases.
/// </summary>
public static class ByteLevelBpeBackend
{
    public static TextTokenizer Create(ByteLevelBpeModel model) =>
        PackageByteLevelBpeTokenizer.WhyNot(model) is null
            ? new PackageByteLevelBpeTokenizer(model)
            : new ByteLevelBpeTokenizer(model);
}
