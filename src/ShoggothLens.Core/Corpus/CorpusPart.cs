using ShoggothLens.Core.Roles;

namespace ShoggothLens.Core.Corpus;

/// <summary>
/// One message of a chat or one segment of a story: its role, its text, and its labels
/// (label name → character spans in <see cref="Text"/>, UTF-16 indices).
/// </summary>
public sealed record CorpusPart(Role Role, string Text, IReadOnlyDictionary<string, IReadOnlyList<CharSpan>> Labels)
{
    static readonly IReadOnlyDictionary<string, IReadOnlyList<CharSpan>> NoLabels = new Dictionary<string, IReadOnlyList<CharSpan>>();

    public CorpusPart(Role role, string text) : this(role, text, NoLabels) { }
}
