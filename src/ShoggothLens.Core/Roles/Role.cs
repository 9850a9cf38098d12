namespace ShoggothLens.Core.Roles;

/// <summary>A token's role: a kind, and for <see cref="RoleKind.Persona"/> the character's name.</summary>
public readonly record struct Role
{
    Role(RoleKind kind, string? personaName)
    {
        Kind = kind;
        PersonaName = personaName;
    }

    public RoleKind Kind { get; }

    /// <summary>The character's name for a Persona role; null for every other kind.</summary>
    public string? PersonaName { get; }

    public static Role Template { get; } = new(RoleKind.Template, null);
    public static Role System { get; } = new(RoleKind.System, null);
    public static Role User { get; } = new(RoleKind.User, null);
    public static Role Assistant { get; } = new(RoleKind.Assistant, null);
    public static Role Narration { get; } = new(RoleKind.Narration, null);

    public static Role Persona(string name)
    {
        if (string.IsNullOrWhiteSpace(name))
            throw new ArgumentException("a persona needs a name", nameof(name));
        return new Role(RoleKind.Persona, name);
    }

    /// <summary>"Outside" the Assistant role in DESIGN.md's sense: Persona(*) and Narration.</summary>
    public bool IsOutsideAssistant => Kind is RoleKind.Persona or RoleKind.Narration;

    /// <summary>The chat role of a message ("system", "user", "assistant"), case-insensitive.</summary>
    public static Role FromChatRole(string chatRole) => chatRole.ToLowerInvariant() switch
    {
        "system" => System,
        "user" => User,
        "assistant" => Assistant,
        _ => throw new ArgumentException($"unknown chat role '{chatRole}' (expected system, user or assistant)", nameof(chatRole)),
    };

    /// <summary>Writes Assistant, User, System, Template, Narration or Persona(name), as DESIGN.md spells them.</summary>
    public override string ToString() => Kind == RoleKind.Persona ? $"Persona({PersonaName})" : Kind.ToString();

    /// <summary>Reads what <see cref="ToString"/> writes.</summary>
    public static Role Parse(string text)
    {
        if (text.StartsWith("Persona(", StringComparison.Ordinal) && text.EndsWith(')'))
            return Persona(text["Persona(".Length..^1]);
        return Enum.TryParse<RoleKind>(text, ignoreCase: false, out var kind) && kind != RoleKind.Persona
            ? new Role(kind, null)
            : throw new FormatException($"not a role: '{text}'");
    }
}
