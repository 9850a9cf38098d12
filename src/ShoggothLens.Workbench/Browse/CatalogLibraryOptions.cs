namespace ShoggothLens.Workbench.Browse;

/// <summary>Where the browser finds catalogs: folders named on the command line and a root searched below.</summary>
/// <param name="Catalogs">Catalog folders (<c>--catalog</c>); a folder that is not itself a catalog is searched below.</param>
/// <param name="FeaturesRoot">Searched for catalogs when no <paramref name="Catalogs"/> are given (<c>--features-root</c>, default <c>features/</c>).</param>
public sealed record CatalogLibraryOptions(IReadOnlyList<string> Catalogs, string? FeaturesRoot)
{
    public const string DefaultFeaturesRoot = "features";
}
