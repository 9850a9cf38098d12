using ShoggothLens.TestKit.Databases;

namespace ShoggothLens.Web.EndToEnd;

/// <summary>A browser test; skipped, with the reason shown, only where chromium is not installed.</summary>
public sealed class BrowserFactAttribute : FactAttribute
{
    public BrowserFactAttribute()
    {
        if (Browsers.MissingReason is { } why) Skip = why;
    }
}

/// <summary>A browser test against PostgreSQL; skipped, with the reason shown, only where chromium or PostgreSQL's binaries are absent.</summary>
public sealed class PostgresBrowserFactAttribute : FactAttribute
{
    public PostgresBrowserFactAttribute()
    {
        if ((Browsers.MissingReason ?? PostgresCluster.MissingReason) is { } why) Skip = why;
    }
}
