using System.Globalization;

namespace ShoggothLens.Web.Components.Charts;

/// <summary>How a token of a context is drawn: background strength from its activation, underline colour from its role.</summary>
public static class TokenShading
{
    /// <summary>Activation as a share of <paramref name="max"/>, in [0, 1] (0 when max ≤ 0 or the value is not finite).</summary>
    public static double Alpha(float activation, float max)
    {
        if (!(max > 0) || !float.IsFinite(activation) || activation <= 0) return 0;
        return Math.Clamp(activation / max, 0, 1);
    }

    /// <summary>The CSS custom property the stylesheet reads (<c>--a</c>), rounded to 2 decimals.</summary>
    public static string Style(float activation, float max) => "--a:" + Alpha(activation, max).ToString("0.##", CultureInfo.InvariantCulture);

    /// <summary>role-Assistant, role-User, role-System, role-Template, role-Narration or role-Persona.</summary>
    public static string RoleClass(string role) =>
        role.StartsWith("Persona(", StringComparison.Ordinal) ? "role-Persona"
        : role is "Assistant" or "User" or "System" or "Template" or "Narration" ? "role-" + role
        : "role-Narration";

    /// <summary>The role as a reader sees it: Persona(name) keeps its name.</summary>
    public static string RoleLabel(string role) => role;
}
