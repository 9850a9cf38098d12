namespace ShoggothLens.Web.Auth;

/// <summary>The two roles: a Viewer reads everything; a Reviewer also changes reviews.</summary>
public static class AccessRoles
{
    public const string Viewer = "Viewer";
    public const string Reviewer = "Reviewer";

    public static bool IsKnown(string role) => role is Viewer or Reviewer;
}
