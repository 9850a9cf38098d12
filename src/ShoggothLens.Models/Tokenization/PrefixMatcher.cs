using System.Text;

namespace ShoggothLens.Models.Tokenization;

/// <summary>Longest match of a fixed set of strings at the start of text (SentencePiece user-defined pieces).</summary>
public sealed class PrefixMatcher
{
    readonly string[] _strings;
    readonly byte[][] _utf8;

    public PrefixMatcher(IEnumerable<string> strings)
    {
        _strings = strings.Where(s => s.Length > 0).OrderByDescending(s => s.Length).ToArray();
        _utf8 = _strings.Select(Encoding.UTF8.GetBytes).OrderByDescending(b => b.Length).ToArray();
    }

    /// <summary>Length of the longest string that <paramref name="text"/> starts with; 0 if none.</summary>
    public int Match(ReadOnlySpan<char> text)
    {
        foreach (var s in _strings)
            if (text.StartsWith(s, StringComparison.Ordinal))
                return s.Length;
        return 0;
    }

    public int Match(ReadOnlySpan<byte> utf8)
    {
        foreach (var s in _utf8)
            if (utf8.StartsWith(s))
                return s.Length;
        return 0;
    }
}
