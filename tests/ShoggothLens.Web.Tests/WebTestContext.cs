using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using ShoggothLens.Web.Hosting;
using ShoggothLens.Web.Services;
using ShoggothLens.Workbench.Browse;

namespace ShoggothLens.Web.Tests;

/// <summary>A bUnit context with the services the pages inject: a real catalog library over <paramref name="catalogs"/>.</summary>
public static class WebTestContext
{
    public static BunitContext Create(params string[] catalogs) => Create(new CatalogLibrary(new CatalogLibraryOptions(catalogs, null)));

    /// <param name="register">More registrations; they must come before the renderer info, which locks the service provider.</param>
    public static BunitContext Create(CatalogLibrary library, ReviewStatusSource? reviews = null, Action<BunitContext>? register = null)
    {
        // Catalogs load on a worker thread; a busy CI machine needs more than the default second.
        BunitContext.DefaultWaitTimeout = TimeSpan.FromSeconds(20);
        var ctx = new BunitContext();
        ctx.JSInterop.Mode = JSRuntimeMode.Loose;
        // Blazor.Diagrams measures its canvas after the first render; loose mode's default (null) would make it throw.
        ctx.JSInterop.Setup<Blazor.Diagrams.Core.Geometry.Rectangle>("ZBlazorDiagrams.getBoundingClientRect", _ => true)
            .SetResult(new Blazor.Diagrams.Core.Geometry.Rectangle(0, 0, 1200, 560));
        ctx.Services.AddSingleton(library);
        ctx.Services.AddSingleton(reviews ?? new ReviewStatusSource());
        ctx.Services.AddSingleton(new GridOptions(Virtualize: false));
        // The feature page's causal check panel: no model override and one runner (tests register their own before it locks).
        ctx.Services.AddSingleton(WebOptions.Default);
        ctx.Services.AddSingleton(new CausalCheckRunner());
        register?.Invoke(ctx);
        // The pages run in the interactive server render mode (the persona graph draws only there).
        ctx.SetRendererInfo(new Microsoft.AspNetCore.Components.RendererInfo("Server", isInteractive: true));
        return ctx;
    }

    public static void Navigate(this BunitContext ctx, string uri) =>
        ctx.Services.GetRequiredService<NavigationManager>().NavigateTo(uri);
}
