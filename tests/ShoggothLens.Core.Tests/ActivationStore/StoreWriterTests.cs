using ShoggothLens.Core.ActivationStore;
using ShoggothLens.Core.Formats;

namespace ShoggothLens.Core.Tests.ActivationStore;

public sealed class StoreWriterTests : IDisposable
{
    readonly StoreFolder _folder = new();
    public void Dispose() => _folder.Dispose();

    [Theory]
    [InlineData(1)]
    [InlineData(49)]
    [InlineData(50)]   // exactly one chunk
    [InlineData(51)]
    [InlineData(137)]
    [InlineData(248)]
    public void AKilledHarvestResumesToTheSameStore(long killAfterTokens)
    {
        var harvest = new SyntheticHarvest();
        string whole = _folder.Path("whole"), resumed = _folder.Path("resumed");
        harvest.Write(whole).Dispose();

        using (var writer = ActivationStoreWriter.Create(resumed, harvest.Settings()))
            harvest.Run(writer, stopAfterTokens: killAfterTokens);   // "killed": no Complete, buffered tokens lost

        var partial = ActivationStoreReader.Open(resumed);
        Assert.False(partial.Manifest.Complete);
        Assert.Equal(killAfterTokens / harvest.ChunkTokens * harvest.ChunkTokens, partial.Tokens);
        Assert.Empty(partial.Verify());

        using (var writer = ActivationStoreWriter.Resume(resumed, harvest.Settings()))
            harvest.Run(writer);
        StoreFolder.AssertIdentical(whole, resumed);
    }

    [Fact]
    public void ResumingTwiceAfterTwoKillsStillMatches()
    {
        var harvest = new SyntheticHarvest();
        string whole = _folder.Path("whole"), resumed = _folder.Path("resumed");
        harvest.Write(whole).Dispose();
        using (var w = ActivationStoreWriter.Create(resumed, harvest.Settings())) harvest.Run(w, 77);
        using (var w = ActivationStoreWriter.Resume(resumed, harvest.Settings())) harvest.Run(w, 60);
        using (var w = ActivationStoreWriter.Resume(resumed, harvest.Settings())) harvest.Run(w);
        StoreFolder.AssertIdentical(whole, resumed);
    }

    [Fact]
    public void ResumeRemovesWhatAKillLeftBehind()
    {
        var harvest = new SyntheticHarvest();
        string dir = _folder.Path("s");
        using (var w = ActivationStoreWriter.Create(dir, harvest.Settings())) harvest.Run(w, 120);
        // A chunk written but not yet in the manifest, and a temp file, as a kill can leave them.
        File.WriteAllText(Path.Combine(dir, "chunks", "chunk-000002.bin"), "partial");
        File.WriteAllText(Path.Combine(dir, "chunks", "chunk-000003.bin.123.abc.tmp"), "partial");
        // A manifest temp file: a kill during the manifest's atomic write (found by the CLI kill test).
        File.WriteAllText(Path.Combine(dir, "manifest.json.21107.f06b90c1eca0478cbb03d3c8abd89a00.tmp"), "{");
        using (var w = ActivationStoreWriter.Resume(dir, harvest.Settings())) harvest.Run(w);
        Assert.DoesNotContain(Directory.EnumerateFiles(dir, "*", SearchOption.AllDirectories), f => f.EndsWith(".tmp"));
        Assert.Empty(ActivationStoreReader.Open(dir).Verify());
    }

    [Fact]
    public void ResumeWithOtherSettingsIsRefusedNamingTheDifference()
    {
        var harvest = new SyntheticHarvest();
        string dir = _folder.Path("s");
        using (var w = ActivationStoreWriter.Create(dir, harvest.Settings())) harvest.Run(w, 70);
        var other = harvest.Settings() with { DType = ActivationDType.F16 };
        var e = Assert.Throws<InvalidInputFileException>(() => ActivationStoreWriter.Resume(dir, other));
        Assert.Contains("dtype: stored f32, given f16", e.Message);

        var otherCorpus = harvest.Settings() with { Harvest = harvest.Settings().Harvest with { Context = 99 } };
        Assert.Contains("context: stored 16, given 99", Assert.Throws<InvalidInputFileException>(() => ActivationStoreWriter.Resume(dir, otherCorpus)).Message);
    }

    [Fact]
    public void ANewStoreNeedsAnEmptyFolder()
    {
        string dir = _folder.Path("busy");
        Directory.CreateDirectory(dir);
        File.WriteAllText(Path.Combine(dir, "notes.txt"), "mine");
        var e = Assert.Throws<InvalidInputFileException>(() => ActivationStoreWriter.Create(dir, new SyntheticHarvest().Settings()));
        Assert.Contains("is not empty ('notes.txt')", e.Message);
        Assert.True(File.Exists(Path.Combine(dir, "notes.txt")));

        string store = _folder.Path("store");
        new SyntheticHarvest().Write(store).Dispose();
        Assert.Contains("already holds an activation store",
            Assert.Throws<InvalidInputFileException>(() => ActivationStoreWriter.Create(store, new SyntheticHarvest().Settings())).Message);
    }

    [Fact]
    public void ACompleteStoreTakesNoMoreTokens()
    {
        using var writer = new SyntheticHarvest(records: 3).Write(_folder.Path("s"));
        Assert.True(writer.Manifest.Complete);
        Assert.Throws<InvalidOperationException>(() => new SyntheticHarvest(records: 3).Run(writer));
    }

    [Fact]
    public void SettingsAreChecked()
    {
        var s = new SyntheticHarvest().Settings();
        Assert.Throws<ArgumentException>(() => ActivationStoreWriter.Create(_folder.Path("a"), s with { Hooks = ["x", "x"] }));
        Assert.Throws<ArgumentException>(() => ActivationStoreWriter.Create(_folder.Path("b"), s with { ChunkTokens = 0 }));
        Assert.Throws<ArgumentException>(() => ActivationStoreWriter.Create(_folder.Path("c"), s with { DModel = 1 << 20, ChunkTokens = 1 << 20 }));
    }

    [Fact]
    public void TheDefaultChunkSizeIsNear64MiB()
    {
        int tokens = StoreSettings.ChunkTokensFor(768, ActivationDType.F32, 1);
        Assert.Equal(0, tokens % 1024);
        Assert.InRange(tokens * (768 * 4 + 22L), 60L << 20, 64L << 20);
    }
}
