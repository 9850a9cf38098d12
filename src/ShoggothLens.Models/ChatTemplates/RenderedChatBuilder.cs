using System.Text;
using ShoggothLens.Core.Roles;

namespace ShoggothLens.Models.ChatTemplates;

/// <summary>Appends pieces of text with their roles and keeps the spans maximal (see <see cref="RenderedChat"/>).</summary>
public sealed class RenderedChatBuilder
{
    readonly StringBuilder _text = new();
    readonly List<RoleSpan> _spans = [];

    public RenderedChatBuilder Template(string text) => Append(text, Role.Template);

    public RenderedChatBuilder Append(string text, Role role)
    {
        if (text.Length == 0)
            return this;
        int start = _text.Length;
        _text.Append(text);
        if (_spans.Count > 0 && _spans[^1].Role == role)
            _spans[^1] = _spans[^1] with { End = _text.Length };
        else
            _spans.Add(new RoleSpan(start, _text.Length, role));
        return this;
    }

    public RenderedChatBuilder Append(IEnumerable<(string Text, Role Role)> pieces)
    {
        foreach (var (text, role) in pieces)
            Append(text, role);
        return this;
    }

    public RenderedChat Build() => new(_text.ToString(), _spans.ToArray());
}
