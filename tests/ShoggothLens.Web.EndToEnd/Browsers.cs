using Microsoft.Playwright;

namespace ShoggothLens.Web.EndToEnd;

/// <summary>Debian's chromium, launched by Playwright's bundled driver (nothing is downloaded).</summary>
public static class Browsers
{
    public const string Chromium = "/usr/bin/chromium";

    public static string? MissingReason => File.Exists(Chromium) ? null : $"{Chromium} not found (apt-get install -y --no-install-recommends chromium)";

    public static async Task<(IPlaywright Playwright, IBrowser Browser)> LaunchAsync()
    {
        var playwright = await Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Chromium,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        });
        return (playwright, browser);
    }
}
