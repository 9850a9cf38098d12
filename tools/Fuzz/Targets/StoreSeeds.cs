using ShoggothLens.Fuzz.Engine;
using ShoggothLens.TestKit.Catalogs;
using ShoggothLens.TestKit.Stores;

namespace ShoggothLens.Fuzz.Targets;

/// <summary>Small activation stores written by the stores' own writer (the TestKit's synthetic stores): the seeds of both store targets.</summary>
public static class StoreSeeds
{
    /// <summary>(name, files) of: a planted-motive store (4 roles, labels, 5 chunks of 64 tokens), a sparse one-chunk store.</summary>
    public static IReadOnlyList<(string Name, Dictionary<string, byte[]> Files)> Write(SeedSources sources)
    {
        string planted = sources.NewScratch("store-planted");
        PlantedMotiveStore.Write(planted, documents: 16, chunkTokens: 64);
        string sparse = sources.NewScratch("store-sparse");
        SyntheticStores.WriteSparse(sparse, "blocks.1.hook_resid_pre", dModel: 8, documents: 4, tokensPerDocument: 12, seed: 3);
        return [("planted", SeedSources.ReadFolder(planted, NotALock)), ("sparse", SeedSources.ReadFolder(sparse, NotALock))];
    }

    static bool NotALock(string relative) => !Path.GetFileName(relative).StartsWith(".shoggoth.lock", StringComparison.Ordinal);
}
