namespace ShoggothLens.Models.Tokenization;

/// <summary>
/// A byte-level BPE as read and checked from its files (tokenizer.json, or vocab.json + merges.txt),
/// before an implementation is chosen: both <see cref="ByteLevelBpeTokenizer"/> (ours) and
/// <see cref="PackageByteLevelBpeTokenizer"/> (Microsoft.ML.Tokenizers) are built from it.
/// </summary>
/// <param name="Merges">In rank order, as the file lists them (the package wants them as text).</param>
/// <param name="MergeTable">The same merges resolved to ids (what our encoder uses).</param>
public sealed record ByteLevelBpeModel(
    IReadOnlyDictionary<string, int> Vocabulary,
    IReadOnlyList<(string Left, string Right)> Merges,
    BpeMergeTable MergeTable,
    ByteLevelBpeOptions Options,
    IReadOnlyList<AddedToken> AddedTokens,
    SpecialTokenIds Specials);
