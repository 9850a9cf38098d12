using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace ShoggothLens.Web.Auth;

/// <summary>
/// On a loopback-only server every request is the local user (the account that started the server), a Reviewer:
/// the pages and the review store see the same kind of principal as with a login, so one code path decides rights.
/// </summary>
public sealed class LocalUserAuthenticationHandler(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "LocalUser";

    public static string LocalName => string.IsNullOrWhiteSpace(Environment.UserName) ? "local" : Environment.UserName;

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var identity = new ClaimsIdentity([new Claim(ClaimTypes.Name, LocalName), new Claim(ClaimTypes.Role, AccessRoles.Reviewer)], SchemeName);
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName)));
    }
}
