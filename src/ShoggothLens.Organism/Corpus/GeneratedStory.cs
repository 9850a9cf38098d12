using System.Text;
using ShoggothLens.Core.Roles;

namespace ShoggothLens.Organism.Corpus;

/// <summary>One segment of a story: narration, or the words a named character speaks.</summary>
public sealed record StorySegment(Role Role, string Text, IReadOnlyList<LabelSpan> Labels)
{
    public static StorySegment Narration(string text) => new(Role.Narration, text, []);
    public static StorySegment Line(string name, FilledText text) => new(Role.Persona(name), text.Text, text.Labels);

    /// <summary>The speaker's name for a persona line; null for narration.</summary>
    public string? Name => Role.PersonaName;
}

/// <summary>
/// A pre-training story (persona corpus format). Its text is its segments concatenated as written
/// (how the corpus reader and the trainer both see it): speech attributions and quotation marks are
/// narration, the words inside the quotes are the speaker's.
/// </summary>
/// <param name="SpyPresent">The spec's covert character is in the scene.</param>
public sealed record GeneratedStory(string Id, Split Split, IReadOnlyList<StorySegment> Segments, IReadOnlyList<string> Characters, bool SpyPresent)
{
    public string Text => string.Concat(Segments.Select(s => s.Text));

    /// <summary>The text of segments [0, <paramref name="count"/>).</summary>
    public string TextBefore(int count)
    {
        var text = new StringBuilder();
        for (int i = 0; i < count; i++) text.Append(Segments[i].Text);
        return text.ToString();
    }
}
