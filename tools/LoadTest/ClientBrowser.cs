using Microsoft.Playwright;

namespace ShoggothLens.LoadTest;

/// <summary>
/// One headless Debian chromium, driven by Playwright's bundled driver (nothing is downloaded): every session gets
/// its own browser context (own cookies, own page, own circuit) in this one browser.
/// </summary>
public sealed class ClientBrowser : IAsyncDisposable
{
    public const string Chromium = "/usr/bin/chromium";

    readonly IPlaywright _playwright;

    ClientBrowser(IPlaywright playwright, IBrowser browser)
    {
        _playwright = playwright;
        Browser = browser;
    }

    public IBrowser Browser { get; }

    public static async Task<ClientBrowser> LaunchAsync()
    {
        if (!File.Exists(Chromium))
            throw new FileNotFoundException($"{Chromium} not found: apt-get install -y --no-install-recommends chromium");
        var playwright = await Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Chromium,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                // Background tabs of other contexts must not be throttled: every session is a foreground user.
                "--disable-background-timer-throttling", "--disable-renderer-backgrounding", "--disable-backgrounding-occluded-windows"],
        });
        return new ClientBrowser(playwright, browser);
    }

    public async Task<IPage> NewSessionPageAsync(string baseUrl)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = baseUrl,
            ViewportSize = new ViewportSize { Width = 1280, Height = 800 },
        });
        await context.AddInitScriptAsync(PageProbe.Script);
        return await context.NewPageAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await Browser.CloseAsync();
        _playwright.Dispose();
    }
}
