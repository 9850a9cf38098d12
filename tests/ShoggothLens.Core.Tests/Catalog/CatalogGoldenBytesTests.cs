using System.Security.Cryptography;
using ShoggothLens.Core.Analysis;
using ShoggothLens.Core.Catalog;

namespace ShoggothLens.Core.Tests.Catalog;

/// <summary>
/// The catalog's bytes on disk are a format: other builds and tools read them. This pins the SHA-256 of a
/// small catalog written from literal content (no analysis code involved), so a change to the records or
/// to how they are encoded shows up here.
/// </summary>
public sealed class CatalogGoldenBytesTests : IDisposable
{
    readonly string _dir = Path.Combine(Path.GetTempPath(), "catalog-golden-" + Guid.NewGuid().ToString("N"));

    public CatalogGoldenBytesTests() => Directory.CreateDirectory(_dir);

    public void Dispose()
    {
        if (Directory.Exists(_dir)) Directory.Delete(_dir, recursive: true);
    }

    static CatalogMetadata Metadata() => new("golden", 2, 120, ["User", "Assistant", "Persona(spy)"], ["trigger", "motive"],
        new Dictionary<string, string> { ["store"] = "/data/store", ["epsilon"] = "1E-05" });

    static ContextWindow Window(long document, float activation) =>
        new(document, 7, 2, [" a", " b\n", "<9>"], [11, 12, 9], [0f, 0.5f, activation], ["User", "Assistant", "Assistant"], activation);

    /// <summary>Feature 0 with every optional field filled, feature 1 with only the required ones.</summary>
    static List<FeatureStatistics> Features() =>
    [
        new(0,
            new RoleStatistics("all", 120, 30, 41.25, 3.5f),
            [new RoleStatistics("User", 40, 5, 4.5, 1.25f), new RoleStatistics("Assistant", 60, 20, 30.75, 3.5f), new RoleStatistics("Persona(spy)", 20, 5, 6, 2f)],
            -3, [0, 4, 9, 17],
            [new ActivationExample(17, 2, 5, "Assistant", 3.5f), new ActivationExample(44, 3, 1, "User", 1.25f)],
            new FeatureScores(0.75, true, false, "spy", 0.125, -0.0625, true, 3,
                [new LeakDocument(2, 4, 3.5f, 1, ["trigger"], 6), new LeakDocument(5, 1, 0.5f, 3, [], -1)],
                [new LabelShare("trigger", 1, 0.5)], ["deploy"], 1, 1),
            TopContexts: [Window(2, 3.5f)],
            QuantileGroups: [new QuantileGroup(0f, 1.75f, 12, [Window(3, 1.25f)]), new QuantileGroup(1.75f, 3.5f, 4, [])],
            Logits: new LogitEffects([new TokenEffect(100, " up", 2.5f)], [new TokenEffect(200, " down\"é", -2.5f)], -1.5f, 0.25f, [1, 0, 3]),
            DecoderNeighbours: [new FeatureLink(1, 0.75)],
            CoActivating: [new FeatureLink(1, 0.125)],
            PersonaCosines: [new PersonaCosine("spy", -0.25)]),
        new(1,
            new RoleStatistics("all", 120, 0, 0, 0f),
            [new RoleStatistics("User", 40, 0, 0, 0f)],
            0, [],
            [],
            new FeatureScores(0, false, true, null, 0, 0, false, 0, [], [], [], 0, 0)),
    ];

    static string Sha256(string file) => Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(file)));

    [Fact]
    public void ACatalogOfFixedContentHasFixedBytes()
    {
        FeatureCatalogWriter.Write(_dir, Metadata(), Features());
        // Obtained by running this test against the catalog writer as it was before the wire records were split
        // from the analysis types (commit 4be4678, where the analysis records themselves carried the MessagePack keys).
        // Since issue 14 both files carry a commit stamp in bytes 12..15 (zero before): the records are unchanged.
        byte[] data = File.ReadAllBytes(Path.Combine(_dir, CatalogFormat.DataFile));
        byte[] index = File.ReadAllBytes(Path.Combine(_dir, CatalogFormat.IndexFile));
        Assert.Equal(data.AsSpan(CatalogFormat.StampOffset, 4).ToArray(), index.AsSpan(CatalogFormat.StampOffset, 4).ToArray());
        Assert.NotEqual(0u, System.Buffers.Binary.BinaryPrimitives.ReadUInt32LittleEndian(data.AsSpan(CatalogFormat.StampOffset)));
        Array.Clear(data, CatalogFormat.StampOffset, 4);
        Assert.Equal("53b37c45f63c74133ae5b65a1392094ce32b786b178b537e6674042b405547b6", Convert.ToHexStringLower(SHA256.HashData(data)));
        Assert.Equal("8294ba099694763485d8bc0fec92200cef289b5dc580c61fb148a7dc71c39412", Sha256(Path.Combine(_dir, CatalogFormat.IndexFile)));
        // And it reads back as what was written.
        using var catalog = FeatureCatalog.Open(_dir);
        Assert.Equal(System.Text.Json.JsonSerializer.Serialize(Features()), System.Text.Json.JsonSerializer.Serialize(catalog.ReadAll().ToList()));
        Assert.Equal(System.Text.Json.JsonSerializer.Serialize(Metadata()), System.Text.Json.JsonSerializer.Serialize(catalog.Metadata));
        // Key 6 was named HiddenMotiveCandidate when these bytes were pinned; it reads back as OutsideRoleLeak.
        Assert.True(catalog.Read(0).Scores.OutsideRoleLeak);
        Assert.False(catalog.Read(1).Scores.OutsideRoleLeak);
    }
}
