namespace ShoggothLens.Models.Tokenization;

/// <summary>
/// A stretch of text with no added token in it, handed to the model-specific tokenizer.
/// StartsText: it begins the text or follows an added token (where SentencePiece puts its dummy
/// prefix and drops leading spaces). EndsText: it ends the text or precedes an added token
/// (where SentencePiece drops trailing spaces). A role span cut out of the middle of a text is neither.
/// </summary>
public readonly record struct TextSegment(int Start, int End, bool StartsText, bool EndsText)
{
    public int Length => End - Start;
}
