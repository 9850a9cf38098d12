using ShoggothLens.Fuzz.Engine;
using ShoggothLens.Organism.Specs;

namespace ShoggothLens.Fuzz.Targets;

/// <summary>Organism specs (the five shipped ones) read and checked by <see cref="OrganismSpecReader"/>.</summary>
public sealed class OrganismSpecTarget : FuzzTarget
{
    public override string Name => "organism-spec";
    public override string Description => "OrganismSpecReader.ReadFile (shipped, shop, travel, rival, control)";

    public override IReadOnlyList<FuzzSeed> Seeds(SeedSources sources) =>
        [.. new[] { "shipped", "shop", "travel", "rival", "control" }.Select(n => new FuzzSeed(n,
            new Dictionary<string, byte[]> { ["spec.json"] = File.ReadAllBytes(sources.Repo("src", "ShoggothLens.Organism", "Specs", $"{n}.json")) }, "spec.json"))];

    public override void Parse(string folder, FuzzSeed seed) => OrganismSpecReader.ReadFile(Path.Combine(folder, "spec.json"));
}
