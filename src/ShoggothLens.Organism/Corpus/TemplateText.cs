using System.Text;

namespace ShoggothLens.Organism.Corpus;

/// <summary>
/// Fills templates such as <c>"Aye, {other}, the tide turns at {time}."</c>: each <c>{slot}</c> takes
/// a value from <see cref="SlotValues"/> (or a fixed binding), drawn by the caller's seeded generator.
/// A slot bound to a labelled value (the trigger name) reports the range where it landed.
/// </summary>
public static class TemplateText
{
    public static FilledText Fill(string template, SlotValues slots, SeededRandom random)
    {
        var text = new StringBuilder(template.Length + 32);
        var labels = new List<LabelSpan>();
        int i = 0;
        while (i < template.Length)
        {
            int open = template.IndexOf('{', i);
            if (open < 0)
            {
                text.Append(template, i, template.Length - i);
                break;
            }
            int close = template.IndexOf('}', open);
            if (close < 0) throw new FormatException($"unclosed slot in template '{template}'");
            text.Append(template, i, open - i);
            string slot = template[(open + 1)..close];
            var (value, label) = slots.Draw(slot, random);
            int start = text.Length;
            text.Append(value);
            if (label is not null) labels.Add(new LabelSpan(label, start, text.Length));
            i = close + 1;
        }
        return new FilledText(text.ToString(), labels);
    }

    /// <summary>The slot names a template uses.</summary>
    public static IEnumerable<string> SlotsOf(string template)
    {
        int i = 0;
        while ((i = template.IndexOf('{', i)) >= 0)
        {
            int close = template.IndexOf('}', i);
            if (close < 0) yield break;
            yield return template[(i + 1)..close];
            i = close + 1;
        }
    }
}
