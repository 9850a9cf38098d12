using System.Text.Json;

namespace ShoggothLens.Core.Corpus;

/// <summary>
/// Reads a part's <c>"labels": {"motive": [[start, end], ...], ...}</c>: spans are half-open, in
/// code points of the part's text (see <see cref="CodePointOffsets"/>), and must lie inside it.
/// </summary>
internal static class CorpusLabels
{
    public const int MaxNameLength = 64;

    public static IReadOnlyDictionary<string, IReadOnlyList<CharSpan>> Read(JsonElement part, string text, string where)
    {
        if (!part.TryGetProperty("labels", out var labels) || labels.ValueKind == JsonValueKind.Null)
            return new Dictionary<string, IReadOnlyList<CharSpan>>();
        if (labels.ValueKind != JsonValueKind.Object)
            throw new CorpusProblemException($"{where}.labels: expected an object of label name → [[start, end], ...]");

        int length = CodePointOffsets.Length(text);
        var toUtf16 = CodePointOffsets.ToUtf16(text);
        var result = new Dictionary<string, IReadOnlyList<CharSpan>>(StringComparer.Ordinal);
        foreach (var label in labels.EnumerateObject())
        {
            string name = label.Name;
            string at = $"{where}.labels.{name}";
            CheckName(name, at);
            if (result.ContainsKey(name))
                throw new CorpusProblemException($"{at}: the label appears twice");
            if (label.Value.ValueKind != JsonValueKind.Array)
                throw new CorpusProblemException($"{at}: expected a list of [start, end] spans");
            var spans = new List<CharSpan>();
            foreach (var span in label.Value.EnumerateArray())
            {
                if (span.ValueKind != JsonValueKind.Array || span.GetArrayLength() != 2
                    || !span[0].TryGetInt32(out int start) || !span[1].TryGetInt32(out int end))
                    throw new CorpusProblemException($"{at}: a span must be [start, end] with two integers, got {Shorten(span.GetRawText())}");
                if (start < 0 || end < start || end > length)
                    throw new CorpusProblemException(
                        $"{at}: span [{start}, {end}] is outside the text (spans are 0 ≤ start ≤ end ≤ {length}, the text's length in code points)");
                spans.Add(new CharSpan(toUtf16(start), toUtf16(end)));
            }
            result[name] = spans;
        }
        return result;
    }

    static void CheckName(string name, string at)
    {
        if (name.Length == 0 || name.Length > MaxNameLength)
            throw new CorpusProblemException($"{at}: a label name has 1 to {MaxNameLength} characters");
        foreach (char c in name)
            if (!(char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or '.'))
                throw new CorpusProblemException($"{at}: a label name uses only letters, digits, '_', '-' and '.'");
    }

    internal static string Shorten(string text) => text.Length <= 40 ? text : text[..40] + "…";
}
