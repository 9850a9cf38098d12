using ShoggothLens.Core.ActivationStore;
using ShoggothLens.Core.Corpus;
using ShoggothLens.Models.ChatTemplates;
using ShoggothLens.Models.Harvest;
using ShoggothLens.Models.Tests.Fixtures;
using ShoggothLens.Models.Tokenization;

namespace ShoggothLens.Models.Tests.Harvest;

public sealed class WindowBatcherTests : IDisposable
{
    readonly HarvestCorpus _corpus = new(extraChats: 9);
    readonly ITextTokenizer _tokenizer = TokenizerLoader.Load(ReferenceFixtures.Tokenizer("bytelevel-bpe"));
    public void Dispose() => _corpus.Dispose();

    List<HarvestBatch> Batches(ShardRange? shard = null, HarvestCursor? start = null, int context = 8, int batch = 4, int block = 3)
    {
        var summaries = CorpusScanner.Scan(_corpus.All);
        var range = shard ?? ShardRange.Whole(summaries.Sum(s => s.Records));
        var batcher = new WindowBatcher(new CorpusReader(_corpus.All), summaries, new DocumentTokenizer(_tokenizer, new PlainTemplate()),
            range, context, batch, block);
        return batcher.Batches(start ?? HarvestCursor.At(range.FirstRecord), 0).ToList();
    }

    static IEnumerable<(long Doc, int Window)> Windows(IEnumerable<HarvestBatch> batches) =>
        batches.SelectMany(b => b.Windows.Select(w => (w.Source.Index, w.Index)));

    [Fact]
    public void WindowsCoverEveryTokenOnceAndBatchesStayInsideABlock()
    {
        var batches = Batches();
        foreach (var doc in batches.SelectMany(b => b.Windows).GroupBy(w => w.Source.Index))
        {
            var windows = doc.ToList();
            Assert.Equal(Enumerable.Range(0, windows.Count), windows.Select(w => w.Index));
            Assert.Single(windows, w => w.EndsDocument);
            Assert.True(windows[^1].EndsDocument);
            Assert.All(windows, w => Assert.Equal(w.Index * 8, w.Start));
            Assert.All(windows.SkipLast(1), w => Assert.Equal(8, w.Length));
        }
        Assert.All(batches, b =>
        {
            Assert.InRange(b.Windows.Count, 1, 4);
            Assert.Single(b.Windows.Select(w => w.Source.Index / 3).Distinct());
            Assert.Equal(new HarvestCursor(b.Windows[0].Source.Index, b.Windows[0].Index, 0), b.Start);
        });
    }

    [Fact]
    public void BatchesFromAnyBatchStartAreTheRestOfTheFullRun()
    {
        var all = Batches();
        for (int k = 0; k < all.Count; k += 3)
        {
            var rest = Batches(start: all[k].Start with { SkipTokens = 5 });
            Assert.Equal(Windows(all.Skip(k)), Windows(rest));
            Assert.Equal(5, rest[0].Start.SkipTokens);
            Assert.All(rest.Skip(1), b => Assert.Equal(0, b.Start.SkipTokens));
        }
    }

    [Fact]
    public void ShardBatchesConcatenatedAreTheUnshardedBatches()
    {
        var all = Batches();
        long records = CorpusScanner.Scan(_corpus.All).Sum(s => s.Records);
        var sharded = Enumerable.Range(0, 3).SelectMany(i => Batches(ShardRange.Compute(i, 3, records, 3))).ToList();
        Assert.Equal(all.Select(b => Windows([b]).ToList()), sharded.Select(b => Windows([b]).ToList()));
    }
}
