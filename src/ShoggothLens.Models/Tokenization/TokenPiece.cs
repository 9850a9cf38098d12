namespace ShoggothLens.Models.Tokenization;

/// <summary>
/// One token of an encoded text: its id, its vocabulary string (byte-level BPE writes bytes as
/// GPT-2's printable characters, SentencePiece writes '▁' for a space), and the half-open range
/// [Start, End) of the input it came from, in UTF-16 indices so that <c>text[Start..End]</c> works.
/// A token holding part of a character's bytes gets that whole character (the Hugging Face
/// convention), so such neighbours overlap; a token the tokenizer inserted (BOS, a SentencePiece
/// dummy prefix) may be empty (Start == End).
/// </summary>
public readonly record struct TokenPiece(int Id, string Token, int Start, int End);
