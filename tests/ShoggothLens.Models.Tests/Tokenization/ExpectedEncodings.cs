using System.Text;
using System.Text.Json;

namespace ShoggothLens.Models.Tests.Tokenization;

/// <summary>
/// One string of a fixture's expected.json. The fixtures were written by Python, whose offsets count
/// code points; ours count UTF-16 units, so expected offsets are converted with the text at hand.
/// </summary>
public sealed record ExpectedEncoding(string Text, int[] Ids, string[] Tokens, (int Start, int End)[]? Offsets)
{
    public override string ToString() => JsonSerializer.Serialize(Text);

    public static IReadOnlyList<ExpectedEncoding> Load(string path)
    {
        using var doc = JsonDocument.Parse(File.ReadAllBytes(path));
        return doc.RootElement.EnumerateArray().Select(e =>
        {
            string text = e.GetProperty("text").GetString()!;
            int[] ids = e.GetProperty("ids").EnumerateArray().Select(x => x.GetInt32()).ToArray();
            var tokens = (e.TryGetProperty("tokens", out var t) ? t : e.GetProperty("pieces"))
                .EnumerateArray().Select(x => x.GetString()!).ToArray();
            var offsets = e.TryGetProperty("offsets", out var o)
                ? o.EnumerateArray().Select(p => (CodePointToUtf16(text, p[0].GetInt32()), CodePointToUtf16(text, p[1].GetInt32()))).ToArray()
                : null;
            return new ExpectedEncoding(text, ids, tokens, offsets);
        }).ToList();
    }

    /// <summary>Each string's text and its offsets as the file has them (code points), unconverted.</summary>
    public static IReadOnlyList<(string Text, (int Start, int End)[] Offsets)> LoadCodePointOffsets(string path)
    {
        using var doc = JsonDocument.Parse(File.ReadAllBytes(path));
        return doc.RootElement.EnumerateArray().Select(e => (
            e.GetProperty("text").GetString()!,
            e.GetProperty("offsets").EnumerateArray().Select(p => (p[0].GetInt32(), p[1].GetInt32())).ToArray())).ToList();
    }

    static int CodePointToUtf16(string text, int codePoints)
    {
        int index = 0;
        for (int i = 0; i < codePoints; i++)
            index += Rune.GetRuneAt(text, index).Utf16SequenceLength;
        return index;
    }
}
