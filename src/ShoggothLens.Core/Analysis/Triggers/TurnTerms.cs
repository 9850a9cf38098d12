using System.Text.RegularExpressions;

namespace ShoggothLens.Core.Analysis.Triggers;

/// <summary>
/// The terms of a user turn: lower-cased words (letters and digits, with inner apostrophes) and the bigrams of
/// consecutive words ("w1 w2"). A document's terms are a set: the contrast counts documents, not repetitions.
/// </summary>
public static partial class TurnTerms
{
    [GeneratedRegex(@"[\p{L}\p{N}]+(?:'[\p{L}]+)*")]
    private static partial Regex Word();

    public static IEnumerable<string> Words(string text) => Word().Matches(text).Select(m => m.Value.ToLowerInvariant());

    /// <summary>The words of <paramref name="text"/> as <see cref="Words"/> finds them, with their character spans.</summary>
    public static IReadOnlyList<(string Word, int Start, int End)> WordSpans(string text) =>
        Word().Matches(text).Select(m => (m.Value.ToLowerInvariant(), m.Index, m.Index + m.Length)).ToList();

    /// <summary>Adds the words and bigrams of one turn to <paramref name="terms"/> (bigrams do not cross turns).</summary>
    public static void AddTo(ISet<string> terms, string turn) => AddTo(terms, Words(turn));

    /// <summary>Adds one turn's words, as <see cref="Words"/> found them, and their bigrams to <paramref name="terms"/>.</summary>
    public static void AddTo(ISet<string> terms, IEnumerable<string> words)
    {
        string? previous = null;
        foreach (string word in words)
        {
            terms.Add(word);
            if (previous is not null) terms.Add(previous + " " + word);
            previous = word;
        }
    }
}
