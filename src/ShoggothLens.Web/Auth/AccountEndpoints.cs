using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Mvc;

namespace ShoggothLens.Web.Auth;

/// <summary>Logout (a POST with an anti-forgery token); the login form posts to its own page (Components/Account/Login).</summary>
public static class AccountEndpoints
{
    public const string LoginPath = "/account/login";
    public const string LogoutPath = "/account/logout";

    public static void Map(WebApplication app)
    {
        // [FromForm] makes the endpoint validate the anti-forgery token the form carries.
        app.MapPost(LogoutPath, async (HttpContext http, [FromForm] string? returnUrl) =>
        {
            if (http.RequestServices.GetRequiredService<AccessMode>().RequiresLogin)
                await http.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
            return Results.LocalRedirect(LoginPath);
        });
    }

    /// <summary>A return address that stays on this site (an absolute or protocol-relative URL becomes "/").</summary>
    public static string SafeReturnUrl(string? returnUrl) =>
        !string.IsNullOrEmpty(returnUrl) && returnUrl.StartsWith('/') && !returnUrl.StartsWith("//", StringComparison.Ordinal)
        && !returnUrl.StartsWith("/\\", StringComparison.Ordinal) ? returnUrl : "/";
}
