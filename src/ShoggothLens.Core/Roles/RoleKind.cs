namespace ShoggothLens.Core.Roles;

/// <summary>Who a token belongs to (DESIGN.md, "Roles and the masked-shoggoth scores").</summary>
public enum RoleKind : byte
{
    /// <summary>Chat control tokens a template adds (&lt;|im_start|&gt;, [INST], "User:" ...).</summary>
    Template = 0,
    System = 1,
    User = 2,
    Assistant = 3,
    /// <summary>Story narration, and plain text with no speaker.</summary>
    Narration = 4,
    /// <summary>A named character speaking in a story or a role-play.</summary>
    Persona = 5,
}
