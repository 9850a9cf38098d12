using ShoggothLens.Core.Catalog;
using ShoggothLens.Fuzz.Engine;

namespace ShoggothLens.Fuzz.Targets;

/// <summary>A catalog folder's <c>catalog.bin</c> or <c>index.bin</c> mutated as raw bytes; opened and every feature read.</summary>
public sealed class CatalogTarget : FuzzTarget
{
    public override string Name => "catalog";
    public override string Description => "FeatureCatalog.Open + ReadAll (catalog.bin, index.bin raw)";

    public override IReadOnlyList<FuzzSeed> Seeds(SeedSources sources)
    {
        var files = CatalogSeeds.Write(sources);
        return [new("catalog.bin", files, CatalogFormat.DataFile), new("index.bin", files, CatalogFormat.IndexFile)];
    }

    public override void Parse(string folder, FuzzSeed seed) => ReadCatalog(folder);

    public static void ReadCatalog(string folder)
    {
        using var catalog = FeatureCatalog.Open(folder);
        foreach (var _ in catalog.ReadAll()) { }
    }
}
