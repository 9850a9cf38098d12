namespace ShoggothLens.Core.Corpus;

/// <summary>
/// Python's <c>str</c> indexes, and so label spans in corpus files and Hugging Face's token offsets,
/// count Unicode code points; .NET strings index UTF-16 code units. This maps one to the other; the
/// two agree unless the text has characters outside the BMP (emoji). A lone surrogate counts as one
/// code point, as in Python. The one home of this conversion (corpus labels, tokenizer offsets).
/// </summary>
public sealed class CodePointOffsets
{
    readonly int[] _codePointsBefore;

    /// <summary>A table from UTF-16 index to code-point index for <paramref name="text"/>.</summary>
    public CodePointOffsets(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        _codePointsBefore = new int[text.Length + 1];
        int count = 0;
        for (int i = 0; i < text.Length; i++)
        {
            _codePointsBefore[i] = count;
            if (!IsSecondHalf(text, i)) count++;
        }
        _codePointsBefore[text.Length] = count;
    }

    /// <summary>The code-point index of UTF-16 index <paramref name="utf16Index"/> (0..text.Length).</summary>
    public int this[int utf16Index] => _codePointsBefore[utf16Index];

    /// <summary>The text's length in code points.</summary>
    public static int Length(string text)
    {
        int pairs = 0;
        for (int i = 1; i < text.Length; i++)
            if (IsSecondHalf(text, i)) pairs++;
        return text.Length - pairs;
    }

    /// <summary>
    /// A function from code-point offset (0..Length inclusive) to UTF-16 index; the identity for
    /// BMP-only text, else a lookup table built once per text.
    /// </summary>
    public static Func<int, int> ToUtf16(string text)
    {
        if (text.AsSpan().IndexOfAnyInRange('\uD800', '\uDFFF') < 0) return i => i;
        var table = new List<int>(text.Length + 1);
        for (int i = 0; i < text.Length; i++)
            if (!IsSecondHalf(text, i)) table.Add(i);
        table.Add(text.Length);
        return i => table[i];
    }

    // The low half of a surrogate pair does not start a code point of its own.
    static bool IsSecondHalf(string text, int i) =>
        i > 0 && char.IsLowSurrogate(text[i]) && char.IsHighSurrogate(text[i - 1]);
}
