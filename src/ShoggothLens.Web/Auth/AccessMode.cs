namespace ShoggothLens.Web.Auth;

/// <summary>
/// How a server decides who is there. Bound only to loopback it serves one local user (the account that started
/// it) with the Reviewer role and no login; bound to any other address it requires configured users and a login.
/// </summary>
public sealed record AccessMode(bool RequiresLogin, string Reason)
{
    /// <summary>
    /// The mode for <paramref name="urls"/> (';'-separated, as <c>--urls</c> takes them). Throws when the server would
    /// be reachable from other machines without any configured user.
    /// </summary>
    public static AccessMode Decide(string urls, int users, bool requireLogin)
    {
        var nonLoopback = urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Where(u => !IsLoopback(u)).ToList();
        if (nonLoopback.Count == 0 && !requireLogin)
            return new AccessMode(false, "bound to loopback only: one local user, no login");
        if (users == 0)
            throw new AccessConfigurationException(
                (nonLoopback.Count > 0 ? $"refusing to serve on {string.Join(", ", nonLoopback)} (reachable from other machines) without users: "
                                       : "a login is required but no users are configured: ")
                + "configure users with roles Viewer/Reviewer (--users FILE or the Shoggoth:Users configuration section; "
                + "hash a password with `shoggoth serve --hash-password`), or bind to 127.0.0.1.");
        return new AccessMode(true, nonLoopback.Count > 0 ? $"bound to {string.Join(", ", nonLoopback)}: login required" : "login required (--require-login)");
    }

    /// <summary>True for http(s)://localhost, 127.x.x.x and [::1]; false for *, +, 0.0.0.0, [::] and any other host.</summary>
    public static bool IsLoopback(string url)
    {
        string host = url;
        int scheme = host.IndexOf("://", StringComparison.Ordinal);
        if (scheme >= 0) host = host[(scheme + 3)..];
        int slash = host.IndexOf('/');
        if (slash >= 0) host = host[..slash];
        if (host.StartsWith('['))
        {
            int close = host.IndexOf(']');
            host = close > 0 ? host[1..close] : host;
        }
        else if (host.LastIndexOf(':') is int colon and > 0) host = host[..colon];
        if (string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase)) return true;
        return System.Net.IPAddress.TryParse(host, out var ip) && System.Net.IPAddress.IsLoopback(ip);
    }
}
