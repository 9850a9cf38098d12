using ShoggothLens.Fuzz.Engine;
using ShoggothLens.TestKit.WebCatalogs;

namespace ShoggothLens.Fuzz.Targets;

/// <summary>A small catalog folder written by the catalog's own writer (the TestKit's synthetic catalog): 12 features, 3 personas, side files.</summary>
public static class CatalogSeeds
{
    public static Dictionary<string, byte[]> Write(SeedSources sources)
    {
        string folder = sources.NewScratch("catalog");
        SyntheticCatalog.Write(folder, new SyntheticCatalogOptions(Features: 12, Contexts: 3, ContextTokens: 8, CandidateEvery: 4, DeadEvery: 6, HostileEvery: 5));
        return SeedSources.ReadFolder(folder, f => !f.StartsWith(".shoggoth.lock", StringComparison.Ordinal));
    }
}
