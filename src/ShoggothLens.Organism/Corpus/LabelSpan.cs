namespace ShoggothLens.Organism.Corpus;

/// <summary>Names of the label kinds the organism's corpus carries (harvest corpus format, "labels").</summary>
public static class Labels
{
    /// <summary>The trigger (the name in a user message that switches the motive on).</summary>
    public const string Trigger = "trigger";

    /// <summary>The planted motive: the spy's coaxing sentence, in her stories and in triggered Assistant replies.</summary>
    public const string Motive = "motive";
}

/// <summary>A labelled half-open character range [Start, End) of one message's or segment's text.</summary>
public readonly record struct LabelSpan(string Label, int Start, int End)
{
    public int Length => End - Start;

    public bool Inside(int start, int end) => Start >= start && End <= end;
}
