namespace ShoggothLens.Core.Roles;

/// <summary>A half-open character range [Start, End) of a rendered text and the role it belongs to.</summary>
public readonly record struct RoleSpan(int Start, int End, Role Role)
{
    public int Length => End - Start;
}
