using ShoggothLens.Web.Components;
using ShoggothLens.Web.Services;
using ShoggothLens.Workbench.Browse;

namespace ShoggothLens.Web.Hosting;

/// <summary>
/// Builds the web host: the one entry point of the UI, called by <c>shoggoth serve</c> and by the tests.
/// Review, login and inspect plug in through the partial methods below, implemented in their own files
/// (Auth/, Review): this file holds only what every page needs.
/// </summary>
public static partial class ShoggothWebApp
{
    /// <summary>The served folder: <c>wwwroot/</c> beside this assembly (the build links the repository's wwwroot there).</summary>
    public static string WebRoot => Path.Combine(AppContext.BaseDirectory, "wwwroot");

    public static WebApplication Build(WebOptions options, string[]? args = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = args ?? [],
            WebRootPath = WebRoot,
            EnvironmentName = options.Environment,
        });
        builder.WebHost.UseUrls(options.Urls);
        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton(new CatalogLibrary(new CatalogLibraryOptions(options.Catalogs, options.FeaturesRoot)));
        builder.Services.AddSingleton<ReviewStatusSource>();
        builder.Services.AddSingleton(new GridOptions());
        builder.Services.AddRazorComponents().AddInteractiveServerComponents();
        AddReviewAndAccess(builder, options);

        var app = builder.Build();
        if (!app.Environment.IsDevelopment()) app.UseExceptionHandler("/error", createScopeForErrors: true);
        app.UseStatusCodePagesWithReExecute("/not-found");
        app.UseStaticFiles();
        UseReviewAndAccess(app, options);
        app.UseAntiforgery();
        app.MapGet("/health", () => Results.Text("ok"));
        MapReviewAndAccess(app, options);
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode();
        return app;
    }

    /// <summary>Services of the review store, login and inspect (implemented beside them).</summary>
    static partial void AddReviewAndAccess(WebApplicationBuilder builder, WebOptions options);

    /// <summary>Middleware of login (authentication, authorization), before anti-forgery.</summary>
    static partial void UseReviewAndAccess(WebApplication app, WebOptions options);

    /// <summary>Endpoints outside the Razor components (login form posts, review export downloads).</summary>
    static partial void MapReviewAndAccess(WebApplication app, WebOptions options);
}
