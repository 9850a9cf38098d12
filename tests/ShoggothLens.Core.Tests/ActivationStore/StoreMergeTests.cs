using ShoggothLens.Core.ActivationStore;
using ShoggothLens.Core.Formats;

namespace ShoggothLens.Core.Tests.ActivationStore;

public sealed class StoreMergeTests : IDisposable
{
    readonly StoreFolder _folder = new();
    public void Dispose() => _folder.Dispose();

    string[] WriteShards(SyntheticHarvest harvest, int count)
    {
        var dirs = new string[count];
        for (int i = 0; i < count; i++)
        {
            dirs[i] = _folder.Path($"shard{i}");
            harvest.Write(dirs[i], ShardRange.Compute(i, count, harvest.Records, harvest.RecordsPerBlock)).Dispose();
        }
        return dirs;
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(4)]
    public void MergedShardsAreByteForByteTheUnshardedStore(int count)
    {
        var harvest = new SyntheticHarvest();
        string whole = _folder.Path("whole");
        harvest.Write(whole).Dispose();
        var shards = WriteShards(harvest, count);
        Assert.All(shards, s => Assert.True(ActivationStoreReader.Open(s).Tokens > 0));

        string merged = _folder.Path("merged");
        StoreMerger.Merge(shards.Reverse().ToArray(), merged);
        StoreFolder.AssertIdentical(whole, merged);
    }

    [Fact]
    public void AMissingShardIsNamed()
    {
        var shards = WriteShards(new SyntheticHarvest(), 3);
        var e = Assert.Throws<InvalidInputFileException>(() => StoreMerger.Merge([shards[0], shards[2]], _folder.Path("m")));
        Assert.Contains("shard 1/3 is missing", e.Message);
    }

    [Fact]
    public void AShardGivenTwiceIsNamed()
    {
        var shards = WriteShards(new SyntheticHarvest(), 2);
        var e = Assert.Throws<InvalidInputFileException>(() => StoreMerger.Merge([shards[0], shards[1], shards[1]], _folder.Path("m")));
        Assert.Contains("given twice", e.Message);
    }

    [Fact]
    public void AnUnfinishedShardIsRefused()
    {
        var harvest = new SyntheticHarvest();
        var shards = WriteShards(harvest, 2);
        Directory.Delete(shards[1], true);
        using (var w = ActivationStoreWriter.Create(shards[1], harvest.Settings(ShardRange.Compute(1, 2, harvest.Records, harvest.RecordsPerBlock))))
            harvest.Run(w, 60);
        var e = Assert.Throws<InvalidInputFileException>(() => StoreMerger.Merge(shards, _folder.Path("m")));
        Assert.Contains("shard 1/2 is not finished", e.Message);
        Assert.False(File.Exists(Path.Combine(_folder.Path("m"), StoreManifest.FileName)));
    }

    [Fact]
    public void ShardsOfDifferentHarvestsAreRefused()
    {
        var a = new SyntheticHarvest();
        var b = new SyntheticHarvest(dtype: ActivationDType.BF16);
        string s0 = _folder.Path("a0"), s1 = _folder.Path("b1");
        a.Write(s0, ShardRange.Compute(0, 2, a.Records, a.RecordsPerBlock)).Dispose();
        b.Write(s1, ShardRange.Compute(1, 2, b.Records, b.RecordsPerBlock)).Dispose();
        var e = Assert.Throws<InvalidInputFileException>(() => StoreMerger.Merge([s0, s1], _folder.Path("m")));
        Assert.Contains("dtype: stored f32, given bf16", e.Message);
    }
}
