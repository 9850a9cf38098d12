namespace ShoggothLens.Models.Tokenization;

/// <summary>
/// A symbol during BPE merging: its token id (-1 when the vocabulary lacks it) and the range
/// [Start, Start + Length) of the unit sequence (bytes or characters) it spans. Frozen symbols
/// (SentencePiece user-defined pieces) never merge.
/// </summary>
public readonly record struct BpeSymbol(int Id, int Start, int Length, bool Frozen = false);
