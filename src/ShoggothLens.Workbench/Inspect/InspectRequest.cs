using ShoggothLens.Core.Corpus;
using ShoggothLens.Core.Roles;

namespace ShoggothLens.Workbench.Inspect;

/// <summary>A chat or story typed into the inspector.</summary>
public sealed record InspectRequest(InspectKind Kind, IReadOnlyList<InspectTurn> Turns)
{
    /// <summary>Why these turns cannot be inspected as they are, or null.</summary>
    public string? Problem()
    {
        if (Turns.Count == 0 || Turns.All(t => string.IsNullOrWhiteSpace(t.Text))) return "Type at least one turn.";
        foreach (var t in Turns)
        {
            bool fits = Kind == InspectKind.Chat
                ? t.Role.Kind is RoleKind.System or RoleKind.User or RoleKind.Assistant
                : t.Role.Kind is RoleKind.Persona or RoleKind.Narration;
            if (!fits)
                return Kind == InspectKind.Chat
                    ? $"A chat holds System, User and Assistant turns, not {t.Role}."
                    : $"A story holds Persona(name) and Narration parts, not {t.Role}.";
        }
        return null;
    }

    /// <summary>The request as a corpus document, so it is tokenized exactly as harvest tokenizes the corpus.</summary>
    public CorpusDocument ToDocument() => new("inspect",
        Kind == InspectKind.Chat ? CorpusDocumentKind.Chat : CorpusDocumentKind.Persona,
        Turns.Select(t => new CorpusPart(t.Role, t.Text)).ToList());

    public int Characters => Turns.Sum(t => t.Text.Length);
}
