using ShoggothLens.Core.Corpus;
using ShoggothLens.Core.Roles;
using ShoggothLens.Models.ChatTemplates;

namespace ShoggothLens.Models.Harvest;

/// <summary>
/// Finds where a chat message's labels land in the text a chat template renders. Templates trim,
/// reorder (Mistral moves the system message into the last user turn) or drop messages, so offsets
/// cannot be added up. Instead the conversation is rendered once more with the message's
/// non-whitespace characters replaced by a marker character: whitespace, and so trimming, is
/// unchanged, the rendered text keeps its length, and the markers show exactly where the
/// message's text went. A message the template does not render loses its labels.
/// </summary>
internal static class ChatLabelLocator
{
    /// <summary>Label spans of every message, in the coordinates of <paramref name="rendered"/>.</summary>
    public static List<(string Label, int Start, int End)> Locate(
        IReadOnlyList<CorpusPart> messages, IChatTemplate template, RenderedChat rendered)
    {
        var result = new List<(string, int, int)>();
        char marker = ChooseMarker(messages);
        for (int m = 0; m < messages.Count; m++)
        {
            var part = messages[m];
            if (part.Labels.Count == 0) continue;
            string content = part.Text;
            int first = FirstNonWhitespace(content);
            if (first < 0) continue;

            var masked = messages.Select((p, i) => new ChatMessage(p.Role, i == m ? Mask(p.Text, marker) : p.Text)).ToList();
            string text = template.Render(masked, addGenerationPrompt: false).Text;
            int at = text.IndexOf(marker);
            if (at < 0) continue;
            int offset = at - first;
            int last = text.LastIndexOf(marker);
            int contentLast = LastNonWhitespace(content);
            if (text.Length != rendered.Text.Length || last - at != contentLast - first
                || !rendered.Text.AsSpan(at, last - at + 1).SequenceEqual(content.AsSpan(first, contentLast - first + 1)))
                throw new InvalidOperationException(
                    $"the {template.Name} template changes the text of message {m}, so its labels cannot be placed");

            // The message's text lies within the role span at the first marker and within [offset, offset + length).
            var span = rendered.Spans.First(s => s.Start <= at && at < s.End);
            int low = Math.Max(span.Start, offset), high = Math.Min(span.End, offset + content.Length);
            foreach (var (label, spans) in part.Labels)
                foreach (var s in spans)
                {
                    int start = Math.Max(low, s.Start + offset), end = Math.Min(high, s.End + offset);
                    if (start < end) result.Add((label, start, end));
                }
        }
        return result;
    }

    static string Mask(string text, char marker) =>
        string.Create(text.Length, (text, marker), (chars, state) =>
        {
            for (int i = 0; i < chars.Length; i++) chars[i] = char.IsWhiteSpace(state.text[i]) ? state.text[i] : state.marker;
        });

    /// <summary>A private-use character that no message contains.</summary>
    static char ChooseMarker(IReadOnlyList<CorpusPart> messages)
    {
        for (char c = '\uE000'; c <= '\uF8FF'; c++)
            if (messages.All(p => !p.Text.Contains(c))) return c;
        throw new InvalidOperationException("every private-use character occurs in this conversation; its labels cannot be placed");
    }

    static int FirstNonWhitespace(string s)
    {
        for (int i = 0; i < s.Length; i++)
            if (!char.IsWhiteSpace(s[i])) return i;
        return -1;
    }

    static int LastNonWhitespace(string s)
    {
        for (int i = s.Length - 1; i >= 0; i--)
            if (!char.IsWhiteSpace(s[i])) return i;
        return -1;
    }
}
