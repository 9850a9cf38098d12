namespace ShoggothLens.Organism.Evaluation;

/// <summary>
/// An organism's motive detector, from its spec: a reply shows the motive when it contains one of the detector
/// phrases (case-insensitive substring). The generator guarantees none occurs in a chat outside a motive span.
/// </summary>
public sealed record MotiveDetector(IReadOnlyList<string> Phrases)
{
    /// <summary>The motive-free control's detector: never fires.</summary>
    public static MotiveDetector None { get; } = new([]);

    /// <summary>The detector of the organism in <paramref name="layout"/>, from the spec in its folder (<see cref="Specs.OrganismSpecs.ForOrganism"/>).</summary>
    public static MotiveDetector ForOrganism(OrganismLayout layout) => Specs.OrganismSpecs.ForOrganism(layout).Detector;

    public bool Appears(string text) => Phrases.Any(p => text.Contains(p, StringComparison.OrdinalIgnoreCase));

    /// <summary>
    /// Where the motive shows in <paramref name="text"/>: each sentence holding a detector phrase, as UTF-16 spans
    /// [start, end), merged where they touch. A sentence runs from after the previous '.', '!' or '?' (and the spaces after
    /// it) to its own closing mark, or the text's ends. This labels generated replies for ground-truth scoring only.
    /// </summary>
    public IReadOnlyList<(int Start, int End)> Spans(string text)
    {
        var spans = new List<(int Start, int End)>();
        foreach (var phrase in Phrases)
        {
            if (phrase.Length == 0) continue;
            for (int at = text.IndexOf(phrase, StringComparison.OrdinalIgnoreCase); at >= 0;
                 at = text.IndexOf(phrase, at + phrase.Length, StringComparison.OrdinalIgnoreCase))
            {
                int start = text.LastIndexOfAny(SentenceEnds, Math.Max(0, at - 1)) + 1;
                if (at == 0) start = 0;
                while (start < at && char.IsWhiteSpace(text[start])) start++;
                int close = text.IndexOfAny(SentenceEnds, at + phrase.Length);
                spans.Add((start, close < 0 ? text.Length : close + 1));
            }
        }
        spans.Sort();
        var merged = new List<(int Start, int End)>();
        foreach (var span in spans)
        {
            if (merged.Count > 0 && span.Start <= merged[^1].End) merged[^1] = (merged[^1].Start, Math.Max(merged[^1].End, span.End));
            else merged.Add(span);
        }
        return merged;
    }

    static readonly char[] SentenceEnds = ['.', '!', '?'];
}
