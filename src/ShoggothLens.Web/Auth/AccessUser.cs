namespace ShoggothLens.Web.Auth;

/// <summary>A configured user: login name, PBKDF2 password hash (see <see cref="AccessPasswords"/>) and role.</summary>
public sealed record AccessUser(string Name, string PasswordHash, string Role);
