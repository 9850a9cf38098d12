using ShoggothLens.Fuzz.Engine;

namespace ShoggothLens.Fuzz.Targets;

/// <summary>Every parser of untrusted bytes, by the name <c>--parser</c> takes.</summary>
public static class FuzzTargets
{
    public static IReadOnlyList<FuzzTarget> All { get; } =
    [
        new SafetensorsTarget(),
        new ConfigJsonTarget(),
        TokenizerTarget.TokenizerJson(),
        TokenizerTarget.VocabMerges(),
        TokenizerTarget.SentencePiece(),
        new CorpusTarget(),
        new StoreManifestTarget(),
        new ChunkTarget(ChunkTarget.Part.Raw),
        new ChunkTarget(ChunkTarget.Part.Header),
        new ChunkTarget(ChunkTarget.Part.Data),
        SaeTarget.SaeLens(),
        SaeTarget.Sparsify(),
        SaeTarget.GemmaScope(),
        new CatalogTarget(),
        new CatalogRecordTarget(),
        new CatalogSideFilesTarget(),
        new OrganismSpecTarget(),
    ];

    public static FuzzTarget Get(string name) =>
        All.FirstOrDefault(t => t.Name == name) ?? throw new ArgumentException($"no parser '{name}' (parsers: {string.Join(", ", All.Select(t => t.Name))})");
}
