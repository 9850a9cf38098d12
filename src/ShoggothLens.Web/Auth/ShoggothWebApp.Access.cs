using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authorization;
using ShoggothLens.Web.Auth;
using ShoggothLens.Web.Components.Review;
using ShoggothLens.Web.Services;
using ShoggothLens.Workbench.Inspect;
using ShoggothLens.Workbench.Review;

namespace ShoggothLens.Web.Hosting;

/// <summary>Access (local user or login), the review store and the inspector, plugged into the host.</summary>
public static partial class ShoggothWebApp
{
    static partial void AddReviewAndAccess(WebApplicationBuilder builder, WebOptions options)
    {
        var users = AccessUsers.Load(builder.Configuration, options.UsersFile);
        var mode = AccessMode.Decide(options.Urls, users.Count, options.RequireLogin);   // throws: never serve a LAN without users
        builder.Services.AddSingleton(users);
        builder.Services.AddSingleton(mode);

        var authentication = builder.Services.AddAuthentication(mode.RequiresLogin ? CookieAuthenticationDefaults.AuthenticationScheme : LocalUserAuthenticationHandler.SchemeName);
        if (mode.RequiresLogin)
            authentication.AddCookie(o =>
            {
                o.LoginPath = AccountEndpoints.LoginPath;
                o.AccessDeniedPath = AccountEndpoints.LoginPath;
                o.Cookie.Name = "shoggoth.auth";
                o.Cookie.HttpOnly = true;
                o.Cookie.SameSite = SameSiteMode.Strict;
                o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                o.ExpireTimeSpan = TimeSpan.FromHours(8);
                o.SlidingExpiration = true;
            });
        else
            authentication.AddScheme<AuthenticationSchemeOptions, LocalUserAuthenticationHandler>(LocalUserAuthenticationHandler.SchemeName, null);
        // Every endpoint needs a signed-in user unless it says otherwise (the login page does).
        builder.Services.AddAuthorizationBuilder().SetFallbackPolicy(new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build());
        builder.Services.AddCascadingAuthenticationState();

        builder.Services.AddSingleton(new ReviewStores(options.ReviewDatabase));
        builder.Services.AddSingleton<ReviewBoard>();
        builder.Services.AddScoped<ReviewSession>();
        builder.Services.AddSingleton(new Inspector());
        builder.Services.AddSingleton(new CausalCheckRunner());
    }

    static partial void UseReviewAndAccess(WebApplication app, WebOptions options)
    {
        var board = app.Services.GetRequiredService<ReviewBoard>();
        var source = app.Services.GetRequiredService<ReviewStatusSource>();
        source.StatusesOf = board.Statuses;
        source.Statuses = ReviewBoard.StatusNames;
        source.Panel = typeof(ReviewPanel);
        app.UseAuthentication();
        app.UseAuthorization();
        var mode = app.Services.GetRequiredService<AccessMode>();
        app.Logger.LogInformation("access: {Mode}; reviews: {Store}", mode.Reason,
            board.Stores.Shared?.Describe() ?? "SQLite beside each catalog (reviews.db)");
    }

    static partial void MapReviewAndAccess(WebApplication app, WebOptions options)
    {
        AccountEndpoints.Map(app);
        ReviewExportEndpoints.Map(app);
    }
}
