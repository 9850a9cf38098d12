using ShoggothLens.Core.Roles;

namespace ShoggothLens.Models.ChatTemplates;

/// <summary>
/// A conversation rendered by a chat template: the text, and role spans that cover it exactly —
/// in order, without gaps or overlaps, none empty, and neighbouring spans of different roles
/// (adjacent text of one role is one span).
/// </summary>
public sealed record RenderedChat(string Text, IReadOnlyList<RoleSpan> Spans)
{
    /// <summary>The role of the character at <paramref name="index"/>.</summary>
    public Role RoleAt(int index)
    {
        int lo = 0, hi = Spans.Count - 1;
        while (lo <= hi)
        {
            int mid = (lo + hi) / 2;
            if (index < Spans[mid].Start) hi = mid - 1;
            else if (index >= Spans[mid].End) lo = mid + 1;
            else return Spans[mid].Role;
        }
        throw new ArgumentOutOfRangeException(nameof(index), $"{index} is outside the rendered text (length {Text.Length})");
    }
}
