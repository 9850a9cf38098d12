using System.Text.Json;
using ShoggothLens.Organism.Corpus;
using ShoggothLens.Organism.Specs;

namespace ShoggothLens.Organism.Tests.Specs;

/// <summary>
/// The shipped spec (Specs/shipped.json) generates, byte for byte, the corpus the compiled-in cast generated before
/// the spec replaced it: at two small sizes against checksums recorded from that code (commit dc2aa64, by
/// <c>CorpusFiles.Write(dir, OrganismCorpus.Generate(seed, sizes), Split.Train, Split.HeldOut)</c>), and at full
/// size against the manifest of the shipped corpus (Checkpoints/corpus/corpus.json, all four files).
/// </summary>
public class ShippedSpecReproductionTests
{
    [Theory]
    [InlineData(7, 60, 20, 80, 40,
        "493702d6cc2b6f778202866c6cae9cb419b4bbba77925ac695b91341e6110d95", "1c5a3db0a1e4dc2dce721eb5af741e211b1e75d341cd3dcb17189d24ec7964fd",
        "35695bcb0004d55a05be31b4570c4f30628eb2055b90f7872a772da79c780a80", "a54eaabf699e9fa99956bce02a4ead07ad8ca9a7592093e974871d5e49f1ab7f")]
    [InlineData(3, 400, 50, 600, 100,
        "eb3bb6f0ef9e1abf21d44d2ff99f2b2eea28956a850da2376c0129fd4baa0fe3", "1921203d185a4fc318c016824e26abd59937789fca821679e49da3057c5f6221",
        "d682539bbf8b417b3daaf768fba85f1577ddb98cee05abaf0261a859d8cad0b2", "2144f07277ed490780318b19ae468b5876620915acd7a79157d918e7da78c26a")]
    public void TheShippedSpecReproducesTheCompiledInCorpusAtSmallSizes(int seed, int trainStories, int heldOutStories, int trainChats, int heldOutChats,
        string trainPersona, string trainChat, string heldOutPersona, string heldOutChat)
    {
        using var dir = new TempDirectory();
        var corpus = OrganismCorpus.Generate(OrganismSpecs.Shipped, seed, new CorpusSizes(trainStories, heldOutStories, trainChats, heldOutChats));
        CorpusFiles.Write(dir.Path, corpus, Split.Train, Split.HeldOut);
        Assert.Equal(trainPersona, CorpusFiles.Sha256(CorpusFiles.StoriesPath(dir.Path, Split.Train)));
        Assert.Equal(trainChat, CorpusFiles.Sha256(CorpusFiles.ChatsPath(dir.Path, Split.Train)));
        Assert.Equal(heldOutPersona, CorpusFiles.Sha256(CorpusFiles.StoriesPath(dir.Path, Split.HeldOut)));
        Assert.Equal(heldOutChat, CorpusFiles.Sha256(CorpusFiles.ChatsPath(dir.Path, Split.HeldOut)));
    }

    [Fact]
    public void TheShippedSpecReproducesTheShippedFullSizeCorpus()
    {
        var spec = OrganismSpecs.Shipped;
        using var dir = new TempDirectory();
        CorpusFiles.Write(dir.Path, OrganismCorpus.Generate(spec), Split.Train, Split.HeldOut);
        using var shipped = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(ShippedOrganism.Layout.Corpus, CorpusFiles.ManifestFileName)));
        var files = shipped.RootElement.GetProperty("files");
        Assert.Equal(4, files.EnumerateObject().Count());
        foreach (var file in files.EnumerateObject())
            Assert.Equal(file.Value.GetProperty("sha256").GetString(), CorpusFiles.Sha256(Path.Combine(dir.Path, file.Name)));
        // The held-out files shipped beside the checkpoints are those bytes.
        foreach (var split in new[] { CorpusFiles.StoriesPath(ShippedOrganism.Layout.Corpus, Split.HeldOut), CorpusFiles.ChatsPath(ShippedOrganism.Layout.Corpus, Split.HeldOut) })
            Assert.Equal(File.ReadAllBytes(split), File.ReadAllBytes(Path.Combine(dir.Path, Path.GetFileName(split))));
    }

    [Fact]
    public void TheShippedSpecDescribesTheShippedBuild()
    {
        var spec = OrganismSpecs.Shipped;
        var options = ShoggothLens.Organism.Training.OrganismBuildOptions.FromSpec(spec);
        // The shipped checkpoints' fingerprint (build.json) is what the spec's options fingerprint to.
        using var build = JsonDocument.Parse(File.ReadAllBytes(ShippedOrganism.Layout.BuildManifest));
        Assert.Equal(build.RootElement.GetProperty("fingerprint").GetString(), options.Fingerprint());
        Assert.Equal(ShoggothLens.Organism.Training.OrganismBuildOptions.Default.Fingerprint(), options.Fingerprint());
        Assert.Equal("Vesper", spec.Covert!.Character.Name);
        Assert.Equal("Harrowgate", spec.Trigger.Name);
        // The shipped folder carries its spec.
        Assert.Equal(spec.Text, File.ReadAllText(ShippedOrganism.Layout.Spec));
    }
}
