namespace ShoggothLens.Models.Tokenization;

/// <summary>
/// Finds added tokens in text the way Hugging Face splits on them: leftmost match first, and at
/// one position the longest token. Candidates are bucketed by first character so a scan costs
/// little even with thousands of added tokens (Gemma has 6k <c>&lt;unusedN&gt;</c> tokens).
/// </summary>
public sealed class AddedTokenMatcher
{
    readonly Dictionary<char, AddedToken[]> _byFirstChar;
    readonly Dictionary<char, AddedToken[]> _byLastChar;

    public AddedTokenMatcher(IEnumerable<AddedToken> tokens)
    {
        _byFirstChar = tokens
            .Where(t => t.Content.Length > 0)
            .GroupBy(t => t.Content[0])
            .ToDictionary(g => g.Key, g => g.OrderByDescending(t => t.Content.Length).ToArray());
        _byLastChar = _byFirstChar.Values.SelectMany(t => t)
            .GroupBy(t => t.Content[^1])
            .ToDictionary(g => g.Key, g => g.ToArray());
    }

    /// <summary>
    /// The first added token inside <c>text[start..end]</c>, with the range it covers once LStrip and
    /// RStrip have swallowed neighbouring whitespace (never beyond start or end); null when none.
    /// </summary>
    public (int Start, int End, AddedToken Token)? FindNext(string text, int start, int end)
    {
        for (int i = start; i < end; i++)
        {
            if (!_byFirstChar.TryGetValue(text[i], out var candidates))
                continue;
            foreach (var token in candidates)
            {
                int tokenEnd = i + token.Content.Length;
                if (tokenEnd > end || !text.AsSpan(i, token.Content.Length).SequenceEqual(token.Content))
                    continue;
                if (token.SingleWord && (IsWordChar(text, i - 1) || IsWordChar(text, tokenEnd)))
                    continue;
                int from = i, to = tokenEnd;
                if (token.LStrip)
                    while (from > start && char.IsWhiteSpace(text[from - 1])) from--;
                if (token.RStrip)
                    while (to < end && char.IsWhiteSpace(text[to])) to++;
                return (from, to, token);
            }
        }
        return null;
    }

    /// <summary>Whether an added token's text ends right before <paramref name="index"/>.</summary>
    public bool EndsWithToken(string text, int index) =>
        index > 0 && _byLastChar.TryGetValue(text[index - 1], out var candidates)
        && candidates.Any(t => text.AsSpan(0, index).EndsWith(t.Content, StringComparison.Ordinal));

    /// <summary>Whether an added token's text starts at <paramref name="index"/>.</summary>
    public bool StartsWithToken(string text, int index) =>
        index < text.Length && _byFirstChar.TryGetValue(text[index], out var candidates)
        && candidates.Any(t => text.AsSpan(index).StartsWith(t.Content, StringComparison.Ordinal));

    // A single-word token must not touch a letter, digit or underscore on either side.
    static bool IsWordChar(string text, int index) =>
        index >= 0 && index < text.Length && (char.IsLetterOrDigit(text[index]) || text[index] == '_');
}
