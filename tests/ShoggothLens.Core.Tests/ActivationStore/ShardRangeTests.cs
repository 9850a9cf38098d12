using ShoggothLens.Core.ActivationStore;

namespace ShoggothLens.Core.Tests.ActivationStore;

public sealed class ShardRangeTests
{
    [Theory]
    [InlineData(1000, 3, 256)]
    [InlineData(10, 3, 4)]
    [InlineData(7, 5, 1)]
    [InlineData(2, 4, 256)]
    [InlineData(0, 2, 8)]
    public void ShardsTileTheCorpusInWholeBlocks(long records, int count, int block)
    {
        var shards = Enumerable.Range(0, count).Select(i => ShardRange.Compute(i, count, records, block)).ToList();
        Assert.Equal(0, shards[0].FirstRecord);
        Assert.Equal(records, shards[^1].EndRecord);
        for (int i = 1; i < count; i++) Assert.Equal(shards[i - 1].EndRecord, shards[i].FirstRecord);
        Assert.All(shards, s => Assert.True(s.FirstRecord % block == 0 || s.FirstRecord == records));
        Assert.Equal(records, shards.Sum(s => s.Records));
    }

    [Fact]
    public void ShardsAreBalancedByBlocks()
    {
        var sizes = Enumerable.Range(0, 3).Select(i => ShardRange.Compute(i, 3, 1000, 10).Records).ToList();
        Assert.Equal([330L, 330, 340], sizes);
    }

    [Theory]
    [InlineData("0/3", 0, 3)]
    [InlineData("2/3", 2, 3)]
    public void ParsesTheCliSpec(string spec, int index, int count) => Assert.Equal((index, count), ShardRange.ParseSpec(spec));

    [Theory]
    [InlineData("3/3")]
    [InlineData("-1/3")]
    [InlineData("1/0")]
    [InlineData("1")]
    [InlineData("a/b")]
    public void RefusesBadSpecs(string spec) => Assert.Throws<FormatException>(() => ShardRange.ParseSpec(spec));
}
