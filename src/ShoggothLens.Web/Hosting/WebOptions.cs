namespace ShoggothLens.Web.Hosting;

/// <summary>What <c>shoggoth serve</c> passes to <see cref="ShoggothWebApp.Build"/>.</summary>
/// <param name="Catalogs">Catalog folders (<c>--catalog</c>, repeatable); empty: search <paramref name="FeaturesRoot"/>.</param>
/// <param name="FeaturesRoot">Searched for catalogs when none are named (<c>--features-root</c>; default <c>features/</c>).</param>
/// <param name="Urls">Where to listen (<c>--urls</c>).</param>
/// <param name="ReviewDatabase">The review store (<c>--db</c>): a PostgreSQL connection string, or null for SQLite beside the catalog.</param>
/// <param name="Environment">ASP.NET Core environment name; null keeps the default (Production).</param>
/// <param name="Model">The model /inspect runs (<c>--model</c>); null: the catalog's analyze run's "model" parameter.</param>
/// <param name="Sae">The SAE /inspect encodes with (<c>--sae</c>); null: the catalog's "sae" parameter.</param>
/// <param name="Hook">The hook the SAE reads (<c>--hook</c>); null: the catalog's "hook", else the SAE's own.</param>
/// <param name="UsersFile">A JSON file of users (<c>--users</c>, see Auth/AccessUsers); users can also come from configuration.</param>
/// <param name="RequireLogin">Ask for a login even on loopback (<c>--require-login</c>; the tests use it).</param>
public sealed record WebOptions(
    IReadOnlyList<string> Catalogs,
    string? FeaturesRoot = null,
    string Urls = WebOptions.DefaultUrls,
    string? ReviewDatabase = null,
    string? Environment = null,
    string? Model = null,
    string? Sae = null,
    string? Hook = null,
    string? UsersFile = null,
    bool RequireLogin = false)
{
    public const string DefaultUrls = "http://127.0.0.1:5000";

    public static WebOptions Default { get; } = new([]);
}
