using ShoggothLens.Core.Corpus;

namespace ShoggothLens.Core.Tests.Corpus;

public sealed class CorpusScannerTests : IDisposable
{
    readonly CorpusFiles _files = new();
    public void Dispose() => _files.Dispose();

    [Fact]
    public void CountsRecordsExactlyAsTheReaderDoes()
    {
        byte[] bom = [0xEF, 0xBB, 0xBF];
        string text = "\n \t\r\n" + CorpusReaderTests.Chat("a") + "\nnot json\n\n" + CorpusReaderTests.Chat("c");
        string path = _files.WriteBytes("x.jsonl", [.. bom, .. System.Text.Encoding.UTF8.GetBytes(text)]);
        string plain = _files.Write("y.txt", "\n\n");

        var summaries = CorpusScanner.Scan([path, plain]);
        var records = new CorpusReader([path, plain], new CorpusReaderOptions { SkipBad = true }).Read().ToList();
        Assert.Equal(3, summaries[0].Records);
        Assert.Equal(1, summaries[1].Records);
        Assert.Equal(summaries.Sum(s => s.Records), records.Count);
        Assert.Equal("x.jsonl", summaries[0].Name);
        Assert.Equal(new FileInfo(path).Length, summaries[0].Bytes);
    }

    [Fact]
    public void TheHashChangesWithTheContent()
    {
        string a = _files.Write("a.jsonl", CorpusReaderTests.Chat("a"));
        string b = _files.Write("b.jsonl", CorpusReaderTests.Chat("b"));
        string a2 = _files.Write("a2.jsonl", CorpusReaderTests.Chat("a"));
        Assert.NotEqual(CorpusScanner.Scan(a).XxHash3, CorpusScanner.Scan(b).XxHash3);
        Assert.Equal(CorpusScanner.Scan(a).XxHash3, CorpusScanner.Scan(a2).XxHash3);
        Assert.Equal(16, CorpusScanner.Scan(a).XxHash3.Length);
    }
}
