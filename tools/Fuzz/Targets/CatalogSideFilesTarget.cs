using ShoggothLens.Core.Catalog;
using ShoggothLens.Fuzz.Engine;

namespace ShoggothLens.Fuzz.Targets;

/// <summary>The JSON files beside a catalog: <c>persona-vectors.json</c> and <c>model-diff.json</c>.</summary>
public sealed class CatalogSideFilesTarget : FuzzTarget
{
    public override string Name => "catalog-side-files";
    public override string Description => "PersonaVectorsFile.Read, ModelDiffFile.Read";

    public override IReadOnlyList<FuzzSeed> Seeds(SeedSources sources)
    {
        var files = CatalogSeeds.Write(sources);
        var json = files.Where(f => f.Key is CatalogFolder.PersonaVectorsFileName or CatalogFolder.ModelDiffFileName).ToDictionary();
        return [.. json.Keys.Order(StringComparer.Ordinal).Select(name => new FuzzSeed(name, json, name))];
    }

    public override void Parse(string folder, FuzzSeed seed)
    {
        string path = Path.Combine(folder, seed.Mutable);
        if (seed.Mutable == CatalogFolder.PersonaVectorsFileName) PersonaVectorsFile.Read(path);
        else ModelDiffFile.Read(path);
    }
}
