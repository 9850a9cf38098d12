using Ml = Microsoft.ML.Tokenizers;

namespace ShoggothLens.Models.Tokenization;

/// <summary>
/// Hands our <see cref="RegexPreTokenizer"/> to Microsoft.ML.Tokenizers through its pre-tokenizer
/// hook. The package's own RegexPreTokenizer takes one regex and returns only its matches; Hugging
/// Face's Split ("Isolated") keeps the gaps between matches as pre-tokens and may run several
/// stages (a Split, then ByteLevel's own regex), which ours does.
/// </summary>
sealed class PackagePreTokenizer(RegexPreTokenizer inner) : Ml.PreTokenizer
{
    public override IEnumerable<(int Offset, int Length)> PreTokenize(string text) =>
        PreTokenize(text.AsSpan());

    public override IEnumerable<(int Offset, int Length)> PreTokenize(ReadOnlySpan<char> text)
    {
        var ranges = new List<(int Start, int End)>();
        inner.Split(text, 0, text.Length, ranges);
        var result = new (int Offset, int Length)[ranges.Count];
        for (int i = 0; i < result.Length; i++)
            result[i] = (ranges[i].Start, ranges[i].End - ranges[i].Start);
        return result;
    }
}
