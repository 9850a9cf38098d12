using Microsoft.AspNetCore.Builder;
using Microsoft.Playwright;
using ShoggothLens.Web.Hosting;

namespace ShoggothLens.Web.EndToEnd;

/// <summary>Runs only when asked: SHOGGOTH_SCREENSHOTS=1 and SHOGGOTH_DOCS_CATALOG naming a real catalog folder.</summary>
public sealed class DocsScreenshotFactAttribute : FactAttribute
{
    public const string CatalogVariable = "SHOGGOTH_DOCS_CATALOG";

    public DocsScreenshotFactAttribute()
    {
        if (Browsers.MissingReason is { } why) Skip = why;
        else if (Environment.GetEnvironmentVariable("SHOGGOTH_SCREENSHOTS") != "1" || Environment.GetEnvironmentVariable(CatalogVariable) is not { Length: > 0 })
            Skip = $"writes docs/screenshots/ from a real catalog: SHOGGOTH_SCREENSHOTS=1 {CatalogVariable}=features/organism-demo/catalog";
    }
}

/// <summary>
/// The browse pages' screenshots in docs/screenshots/ (light and dark, 1280×800), from a real catalog (the demo's: run
/// <c>shoggoth demo</c> first) served as <c>shoggoth serve --catalog DIR</c> does on loopback (one local user, a Reviewer):
/// the overview with its verdict, the grid, the verdict's feature (its "Candidate?" section, its examples, and a causal
/// check run on it), compare and personas. Review, inspect and sign-in come from <see cref="ScreenshotTests"/>.
/// <c>SHOGGOTH_SCREENSHOTS=1 SHOGGOTH_DOCS_CATALOG=features/organism-demo/catalog dotnet test tests/ShoggothLens.Web.EndToEnd -c Release --filter Screenshot</c>
/// </summary>
public sealed class DocsScreenshotTests
{
    [DocsScreenshotFact]
    public async Task Browse_pages_of_a_real_catalog_in_the_light_and_the_dark_theme()
    {
        string catalog = Path.GetFullPath(Environment.GetEnvironmentVariable(DocsScreenshotFactAttribute.CatalogVariable)!, ScreenshotTests.RepositoryRoot());
        string docs = Path.Combine(ScreenshotTests.RepositoryRoot(), "docs", "screenshots");
        await using var app = ShoggothWebApp.Build(new WebOptions([catalog], Urls: "http://127.0.0.1:0"));
        await app.StartAsync();
        var (playwright, browser) = await Browsers.LaunchAsync();
        using var _ = playwright;
        var context = await browser.NewContextAsync(new() { BaseURL = app.Urls.First().TrimEnd('/') + "/", ViewportSize = new() { Width = 1280, Height = 800 } });
        context.SetDefaultTimeout(60_000);
        var page = await context.NewPageAsync();

        await page.GotoAsync("./", new() { WaitUntil = WaitUntilState.NetworkIdle });
        await page.Locator("[data-verdict=suspected], [data-verdict=none]").WaitForAsync(new() { Timeout = 120_000 });
        // The page shot: the verdict's feature, else the report's first candidate, else the evidence table's first.
        string? feature = await page.Locator("[data-verdict-feature]").CountAsync() > 0
            ? await page.Locator("[data-verdict-feature]").GetAttributeAsync("data-verdict-feature")
            : await page.Locator("[data-report-candidate], [data-top-candidates] tbody tr").First.EvaluateAsync<string>(
                "el => (el.querySelector('a[href*=\"features/\"]').getAttribute('href').match(/features\\/(\\d+)/) || [])[1]");
        Assert.NotNull(feature);

        foreach (string theme in new[] { "light", "dark" })
        {
            await page.EvaluateAsync("t => localStorage.setItem('shoggoth-theme', t)", theme);
            await Shot(page, docs, $"overview-{theme}", "./", "[data-verdict=suspected], [data-verdict=none]");
            await Shot(page, docs, $"features-{theme}", "features", "[data-feature-grid]");
            await Shot(page, docs, $"feature-{theme}", $"features/{feature}", "[data-candidate-section]:not([data-candidate-section=pending])");
            await page.EvaluateAsync("() => document.querySelector('[data-contexts]').scrollIntoView()");
            await Capture(page, docs, $"feature-examples-{theme}");
            await Shot(page, docs, $"compare-{theme}", "compare", "main h1");
            await Shot(page, docs, $"personas-{theme}", "personas", "main h1");
        }

        // One causal check (it costs CPU): an ablation of the feature at the panel's defaults, shot in both themes.
        await page.EvaluateAsync("() => localStorage.setItem('shoggoth-theme', 'light')");
        await page.GotoAsync($"features/{feature}", new() { WaitUntil = WaitUntilState.NetworkIdle });
        var run = page.Locator("#causal-run[data-ready=yes]");
        await run.WaitForAsync();
        for (int attempt = 0; attempt < 3 && await page.Locator("[data-causal-panel][data-state=idle]").CountAsync() > 0; attempt++)
        {
            await run.ClickAsync();   // a click may beat the circuit
            await page.WaitForTimeoutAsync(500);
        }
        await page.Locator("[data-causal-panel][data-state=done]").WaitForAsync(new() { Timeout = 300_000 });
        await page.EvaluateAsync("() => document.querySelector('#causal-check').scrollIntoView()");
        await Capture(page, docs, "feature-causal-light");
        await page.EvaluateAsync("() => document.documentElement.setAttribute('data-theme', 'dark')");
        await Capture(page, docs, "feature-causal-dark");

        await context.CloseAsync();
        await browser.CloseAsync();
        await app.StopAsync();
    }

    static async Task Shot(IPage page, string folder, string name, string path, string ready)
    {
        await page.GotoAsync(path, new() { WaitUntil = WaitUntilState.NetworkIdle });
        await page.Locator(ready).First.WaitForAsync(new() { Timeout = 60_000 });
        await Capture(page, folder, name);
    }

    static async Task Capture(IPage page, string folder, string name)
    {
        await page.WaitForTimeoutAsync(400);   // charts and the persona graph settle
        await page.ScreenshotAsync(new() { Path = Path.Combine(folder, name + ".png") });
    }
}
