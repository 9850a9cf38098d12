using System.Text.RegularExpressions;

namespace ShoggothLens.Models.Tokenization;

/// <summary>
/// Splits text into pre-tokens ("words") that BPE then handles one at a time, with one or more
/// regex stages applied in turn. Like Hugging Face's Split with behaviour "Isolated", every match
/// is a pre-token and so is every stretch between matches; a later stage only sees one earlier
/// pre-token at a time (so a lookahead cannot look past it).
/// .NET regexes work on UTF-16: a letter or digit outside the Basic Multilingual Plane is a pair of
/// surrogates to them (neither \p{L} nor \p{N}), where Rust's regex sees one code point.
/// </summary>
public sealed class RegexPreTokenizer
{
    /// <summary>GPT-2's pattern, used by the ByteLevel pre-tokenizer when use_regex is true.</summary>
    public const string Gpt2Pattern = @"'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+";

    // Patterns come from untrusted files: a catastrophic one must fail, not hang the process.
    static readonly TimeSpan MatchTimeout = TimeSpan.FromSeconds(10);

    readonly Regex[] _stages;

    public RegexPreTokenizer(IEnumerable<string> patterns)
    {
        _stages = patterns.Select(p => new Regex(p, RegexOptions.CultureInvariant, MatchTimeout)).ToArray();
    }

    public static RegexPreTokenizer Gpt2 { get; } = new([Gpt2Pattern]);

    /// <summary>Appends the pre-tokens of text[start..end] as absolute [Start, End) ranges.</summary>
    public void Split(string text, int start, int end, List<(int Start, int End)> output) =>
        SplitStage(0, text, start, end, output);

    /// <summary>The same for a span (what the package's pre-tokenizer hook is handed).</summary>
    public void Split(ReadOnlySpan<char> text, int start, int end, List<(int Start, int End)> output) =>
        SplitStage(0, text, start, end, output);

    void SplitStage(int stage, ReadOnlySpan<char> text, int start, int end, List<(int Start, int End)> output)
    {
        if (start >= end)
            return;
        if (stage == _stages.Length)
        {
            output.Add((start, end));
            return;
        }
        int pos = start;
        foreach (var match in _stages[stage].EnumerateMatches(text.Slice(start, end - start)))
        {
            if (match.Length == 0)
                continue;
            int matchStart = start + match.Index;
            SplitStage(stage + 1, text, pos, matchStart, output);
            SplitStage(stage + 1, text, matchStart, matchStart + match.Length, output);
            pos = matchStart + match.Length;
        }
        SplitStage(stage + 1, text, pos, end, output);
    }
}
