namespace ShoggothLens.Core.Corpus;

/// <summary>
/// Label spans in corpus files count Unicode code points, as Python's <c>str</c> indexes do (the
/// tools that write corpora are mostly Python); .NET strings index UTF-16 code units. This maps
/// one to the other; the two agree unless the text has characters outside the BMP (emoji).
/// </summary>
internal static class CodePointOffsets
{
    /// <summary>The text's length in code points (a lone surrogate counts as one, as in Python).</summary>
    public static int Length(string text)
    {
        int pairs = 0;
        for (int i = 0; i + 1 < text.Length; i++)
            if (char.IsHighSurrogate(text[i]) && char.IsLowSurrogate(text[i + 1]))
            {
                pairs++;
                i++;
            }
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
        {
            table.Add(i);
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1])) i++;
        }
        table.Add(text.Length);
        return i => table[i];
    }
}
