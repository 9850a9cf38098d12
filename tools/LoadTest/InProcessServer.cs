using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using ShoggothLens.Core.Catalog;
using ShoggothLens.Web.Hosting;
using ShoggothLens.Workbench.Browse;

namespace ShoggothLens.LoadTest;

/// <summary>
/// The web app as <c>shoggoth serve</c> builds it (<see cref="ShoggothWebApp.Build"/>), in this process on a loopback
/// port the OS picks, over one catalog. Loopback without users means the local user, so no login is needed. The
/// server's own catalog library also tells the sessions which rows a view must show (<see cref="Catalog"/>), so a
/// step knows exactly what content it waits for.
/// </summary>
public sealed class InProcessServer : IAsyncDisposable
{
    readonly WebApplication _app;

    InProcessServer(WebApplication app, string baseUrl, LoadedCatalog catalog)
    {
        _app = app;
        BaseUrl = baseUrl;
        Catalog = catalog;
        Expect = new Expectations(catalog.Index);
    }

    /// <summary>What each view must show, computed beside the server's cache (see <see cref="Expectations"/>).</summary>
    public Expectations Expect { get; }

    public string BaseUrl { get; }

    /// <summary>Cancelled when the host stops (Ctrl+C or SIGTERM: the host's console lifetime takes those signals).</summary>
    public CancellationToken Stopping => _app.Lifetime.ApplicationStopping;
    public LoadedCatalog Catalog { get; }
    public string CatalogId => Catalog.Id;

    public static async Task<InProcessServer> StartAsync(CatalogFolder folder)
    {
        // Quiet logs: the load's own output is the report (warnings and errors still print).
        var app = ShoggothWebApp.Build(new WebOptions([folder.Directory], Urls: "http://127.0.0.1:0"),
            ["--Logging:LogLevel:Default=Warning", "--Logging:LogLevel:Microsoft.AspNetCore.Components=Error"]);
        await app.StartAsync();
        string baseUrl = app.Urls.First().TrimEnd('/') + "/";
        if (!new Uri(baseUrl).IsLoopback) throw new InvalidOperationException($"the server listens on {baseUrl}, not loopback");
        var library = app.Services.GetRequiredService<CatalogLibrary>();
        var entry = library.Catalogs.Single();
        // Opens the catalog and builds its summary index once, before any session: the load measures pages, not the index build.
        var catalog = await library.OpenAsync(entry.Id);
        app.Logger.LogDebug("catalog {Id} open", entry.Id);
        return new InProcessServer(app, baseUrl, catalog);
    }

    public string Url(string path) => $"{BaseUrl}{path}{(path.Contains('?') ? '&' : '?')}catalog={Uri.EscapeDataString(CatalogId)}";

    public async ValueTask DisposeAsync()
    {
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await _app.StopAsync(stop.Token);
        await _app.DisposeAsync();
    }
}
