namespace ShoggothLens.Models.Tokenization;

/// <summary>
/// Converts UTF-16 offsets (what <see cref="TokenPiece"/> holds, so <c>text[Start..End]</c> works in .NET)
/// to Unicode code-point offsets (what Hugging Face's Python tokenizers report). They differ only after
/// a character outside the Basic Multilingual Plane, such as an emoji.
/// </summary>
public sealed class CodePointOffsets
{
    readonly int[] _codePointsBefore;

    public CodePointOffsets(string text)
    {
        _codePointsBefore = new int[text.Length + 1];
        int count = 0;
        for (int i = 0; i < text.Length; i++)
        {
            _codePointsBefore[i] = count;
            // The low half of a surrogate pair does not start a new code point.
            if (!(char.IsLowSurrogate(text[i]) && i > 0 && char.IsHighSurrogate(text[i - 1]))) count++;
        }
        _codePointsBefore[text.Length] = count;
    }

    /// <summary>The code-point index of UTF-16 index <paramref name="utf16Index"/> (0..text.Length).</summary>
    public int this[int utf16Index] => _codePointsBefore[utf16Index];
}
