using System.Text;

namespace ShoggothLens.Organism.Corpus;

/// <summary>Builds one message's text from pieces, remembering the character range of labelled pieces.</summary>
public sealed class LabeledTextBuilder
{
    readonly StringBuilder _text = new();
    readonly List<LabelSpan> _labels = [];

    public int Length => _text.Length;

    public LabeledTextBuilder Append(string text)
    {
        _text.Append(text);
        return this;
    }

    public LabeledTextBuilder Append(string label, string text)
    {
        int start = _text.Length;
        _text.Append(text);
        _labels.Add(new LabelSpan(label, start, _text.Length));
        return this;
    }

    /// <summary>Appends a filled template, relabelling the slot ranges it reports.</summary>
    public LabeledTextBuilder Append(FilledText filled)
    {
        int start = _text.Length;
        _text.Append(filled.Text);
        foreach (var span in filled.Labels)
            _labels.Add(span with { Start = span.Start + start, End = span.End + start });
        return this;
    }

    /// <summary>Appends a separator only when something is already written.</summary>
    public LabeledTextBuilder Separate(string separator) => _text.Length == 0 ? this : Append(separator);

    public FilledText Build() => new(_text.ToString(), _labels.ToArray());
}

/// <summary>Text and the labelled ranges inside it.</summary>
public sealed record FilledText(string Text, IReadOnlyList<LabelSpan> Labels)
{
    public static FilledText Plain(string text) => new(text, []);
}
