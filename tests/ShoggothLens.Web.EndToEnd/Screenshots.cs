using Microsoft.Playwright;

namespace ShoggothLens.Web.EndToEnd;

/// <summary>
/// Every page in the light and the dark theme at 1280×800, into a temporary folder (the test fails on a page that
/// does not come up). With SHOGGOTH_SCREENSHOTS=1 the review, inspect and sign-in shots are copied to the repository's
/// docs/screenshots/ (the README links them; the browse pages' shots there come from the demo catalog, written by
/// <see cref="DocsScreenshotTests"/>).
/// </summary>
[Collection(SqliteServerCollection.Name)]
public sealed class ScreenshotTests(SqliteServer server)
{
    static readonly (string Name, string Path, string ReadySelector)[] Pages =
    [
        ("overview", "", "main h1"),
        ("features", "features", "[data-feature-grid]"),
        ("feature", "features/31", ".review-editor[data-ready=yes]"),
        ("compare", "compare", "main h1"),
        ("personas", "personas", "main h1"),
        ("review", "review", "#review-queue"),
        ("inspect", "inspect", "#run-inspect[data-ready=yes]"),
    ];

    static readonly string[] DocsPages = ["review", "inspect", "login"];

    [BrowserFact]
    public async Task Every_page_renders_in_the_light_and_the_dark_theme()
    {
        bool forDocs = Environment.GetEnvironmentVariable("SHOGGOTH_SCREENSHOTS") == "1";
        string folder = Directory.CreateTempSubdirectory("shoggoth-screens-").FullName;
        var page = await server.SignInAsync("ada");
        foreach (string theme in new[] { "light", "dark" })
        {
            await page.EvaluateAsync("t => localStorage.setItem('shoggoth-theme', t)", theme);
            foreach (var (name, path, ready) in Pages)
            {
                await page.GotoAsync(server.Url(path), new() { WaitUntil = WaitUntilState.NetworkIdle });
                await page.Locator(ready).First.WaitForAsync(new() { Timeout = 30_000 });
                if (name == "review") await page.Locator("tr.queue-row").First.ClickAsync();
                if (name == "inspect" && forDocs)   // the run itself is tested in ReviewFlowTests
                {
                    await page.ClickAsync("#run-inspect");
                    await page.Locator("#inspect-tokens .tok").First.WaitForAsync(new() { Timeout = 60_000 });
                }
                await page.WaitForTimeoutAsync(250);
                Assert.Equal(theme, await page.EvaluateAsync<string>("() => document.documentElement.getAttribute('data-theme')"));
                await page.ScreenshotAsync(new() { Path = Path.Combine(folder, $"{name}-{theme}.png") });
            }
        }
        var login = await server.Browser.NewPageAsync(new() { BaseURL = server.BaseUrl, ViewportSize = new() { Width = 1280, Height = 800 } });
        await login.GotoAsync("account/login");
        await login.ScreenshotAsync(new() { Path = Path.Combine(folder, "login-light.png") });
        await login.CloseAsync();
        if (forDocs)
        {
            // The browse pages' screenshots in docs/ come from the demo catalog (real data); these add review, inspect and sign-in.
            string docs = Path.Combine(RepositoryRoot(), "docs", "screenshots");
            Directory.CreateDirectory(docs);
            foreach (string file in Directory.GetFiles(folder, "*.png"))
                if (DocsPages.Any(p => Path.GetFileName(file).StartsWith(p + "-", StringComparison.Ordinal)))
                    File.Copy(file, Path.Combine(docs, Path.GetFileName(file)), overwrite: true);
        }
        Assert.Equal(Pages.Length * 2 + 1, Directory.GetFiles(folder, "*.png").Count(f => Pages.Any(p => Path.GetFileName(f).StartsWith(p.Name + "-", StringComparison.Ordinal)) || f.EndsWith("login-light.png", StringComparison.Ordinal)));
        await page.Context.CloseAsync();
    }

    internal static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "ShoggothLens.sln"))) return dir.FullName;
        throw new InvalidOperationException("ShoggothLens.sln not found above the test's folder");
    }
}
