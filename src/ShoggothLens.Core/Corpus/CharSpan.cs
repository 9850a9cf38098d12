namespace ShoggothLens.Core.Corpus;

/// <summary>A half-open range [Start, End) of UTF-16 indices into one message's or segment's text.</summary>
public readonly record struct CharSpan(int Start, int End)
{
    public int Length => End - Start;

    /// <summary>True where the two ranges share at least one character.</summary>
    public bool Overlaps(int start, int end) => Start < end && start < End;
}
