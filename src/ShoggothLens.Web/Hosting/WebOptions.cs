namespace ShoggothLens.Web.Hosting;

/// <summary>What <c>shoggoth serve</c> passes to <see cref="ShoggothWebApp.Build"/>.</summary>
/// <param name="Catalogs">Catalog folders (<c>--catalog</c>, repeatable); empty: search <paramref name="FeaturesRoot"/>.</param>
/// <param name="FeaturesRoot">Searched for catalogs when none are named (<c>--features-root</c>; default <c>features/</c>).</param>
/// <param name="Urls">Where to listen (<c>--urls</c>).</param>
/// <param name="ReviewDatabase">The review store (<c>--db</c>): a PostgreSQL connection string, or null for SQLite beside the catalog.</param>
/// <param name="Environment">ASP.NET Core environment name; null keeps the default (Production).</param>
public sealed record WebOptions(
    IReadOnlyList<string> Catalogs,
    string? FeaturesRoot = null,
    string Urls = WebOptions.DefaultUrls,
    string? ReviewDatabase = null,
    string? Environment = null)
{
    public const string DefaultUrls = "http://127.0.0.1:5000";

    public static WebOptions Default { get; } = new([]);
}
