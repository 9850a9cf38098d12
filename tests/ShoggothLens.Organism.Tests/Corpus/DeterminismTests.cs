using ShoggothLens.Organism.Corpus;

namespace ShoggothLens.Organism.Tests.Corpus;

public class DeterminismTests
{
    [Fact]
    public void ASeedGivesTheSameFilesAndAnotherSeedOtherFiles()
    {
        using var a = new TempDirectory();
        using var b = new TempDirectory();
        using var c = new TempDirectory();
        CorpusFiles.Write(a.Path, OrganismCorpus.Generate(11, CorpusSizes.Tiny), Split.Train, Split.HeldOut);
        CorpusFiles.Write(b.Path, OrganismCorpus.Generate(11, CorpusSizes.Tiny), Split.Train, Split.HeldOut);
        CorpusFiles.Write(c.Path, OrganismCorpus.Generate(12, CorpusSizes.Tiny), Split.Train, Split.HeldOut);
        foreach (var name in Directory.GetFiles(a.Path).Select(Path.GetFileName))
        {
            Assert.Equal(File.ReadAllBytes(Path.Combine(a.Path, name!)), File.ReadAllBytes(Path.Combine(b.Path, name!)));
            if (name!.EndsWith(".jsonl"))
                Assert.NotEqual(File.ReadAllBytes(Path.Combine(a.Path, name)), File.ReadAllBytes(Path.Combine(c.Path, name)));
        }
    }

    [Fact]
    public void AChangedFileFailsItsChecksum()
    {
        using var dir = new TempDirectory();
        CorpusFiles.Write(dir.Path, OrganismCorpus.Generate(1, CorpusSizes.Tiny), Split.HeldOut);
        string path = CorpusFiles.ChatsPath(dir.Path, Split.HeldOut);
        File.AppendAllText(path, "\n");
        var e = Assert.Throws<Core.Formats.InvalidInputFileException>(() => CorpusFiles.Read(dir.Path, Split.HeldOut));
        Assert.Contains("checksum", e.Message);
    }

    [Fact]
    public void TheSeededRandomIsStable()
    {
        // SplitMix64, pinned: the corpus must not change with the .NET version.
        var random = new SeededRandom(1);
        Assert.Equal([279, 736, 545], new[] { random.Next(1000), random.Next(1000), random.Next(1000) });
    }
}
