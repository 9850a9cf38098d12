using Microsoft.AspNetCore.Identity;

namespace ShoggothLens.Web.Auth;

/// <summary>
/// Password hashes as ASP.NET Core Identity's <see cref="PasswordHasher{TUser}"/> writes them (format v3:
/// PBKDF2 with HMAC-SHA512, 100,000 iterations, a 128-bit random salt and a 256-bit subkey, base64). Make one with
/// <c>shoggoth serve --hash-password</c> (reads the password from standard input).
/// </summary>
public static class AccessPasswords
{
    static readonly PasswordHasher<AccessUser> Hasher = new();
    static readonly AccessUser Nobody = new("", "", AccessRoles.Viewer);
    // Checked when the name is unknown, so a wrong name costs the same time as a wrong password.
    static readonly string DecoyHash = Hasher.HashPassword(Nobody, Guid.NewGuid().ToString("N"));

    public static string Hash(string password)
    {
        ArgumentException.ThrowIfNullOrEmpty(password);
        return Hasher.HashPassword(Nobody, password);
    }

    /// <summary>True when <paramref name="password"/> is the user's; an unknown user (null) is checked against a decoy and fails.</summary>
    public static bool Verify(AccessUser? user, string password)
    {
        if (user is null)
        {
            Hasher.VerifyHashedPassword(Nobody, DecoyHash, password ?? "");
            return false;
        }
        try
        {
            return Hasher.VerifyHashedPassword(user, user.PasswordHash, password ?? "") != PasswordVerificationResult.Failed;
        }
        catch (FormatException)
        {
            return false;   // a malformed hash in the configuration never logs anyone in
        }
    }
}
