using ShoggothLens.Core.ActivationStore;
using ShoggothLens.Fuzz.Engine;

namespace ShoggothLens.Fuzz.Targets;

/// <summary>An activation store's <c>manifest.json</c>: opened, every chunk verified and read as the pipeline reads it.</summary>
public sealed class StoreManifestTarget : FuzzTarget
{
    public override string Name => "store-manifest";
    public override string Description => "ActivationStoreReader.Open + Verify + every chunk read";

    public override IReadOnlyList<FuzzSeed> Seeds(SeedSources sources) =>
        StoreSeeds.Write(sources).Select(s => new FuzzSeed(s.Name, s.Files, StoreManifest.FileName)).ToList();

    public override void Parse(string folder, FuzzSeed seed)
    {
        var store = ActivationStoreReader.Open(folder);
        store.Verify();
        foreach (var chunk in store.ReadChunks())
            StoreReading.ReadAll(chunk);
    }
}
