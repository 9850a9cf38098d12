using ShoggothLens.Core.Corpus;
using ShoggothLens.Core.Roles;

namespace ShoggothLens.Core.Tests.Corpus;

public sealed class CorpusReaderTests : IDisposable
{
    readonly CorpusFiles _files = new();
    public void Dispose() => _files.Dispose();

    [Fact]
    public void ReadsAChatWithRolesIdsAndLabels()
    {
        string path = _files.Write("chats.jsonl",
            """{"id": "c1", "messages": [{"role": "system", "content": "Be kind."}, {"role": "user", "content": "Hi"}, {"role": "assistant", "content": "Hello there", "labels": {"motive": [[6, 11]], "trigger": [[0, 1], [2, 3]]}}], "meta": {"split": "train"}}""" + "\n");

        var record = Assert.Single(new CorpusReader([path]).Read());
        var doc = record.Document!;
        Assert.Equal("c1", doc.Id);
        Assert.Equal(CorpusDocumentKind.Chat, doc.Kind);
        Assert.Equal([Role.System, Role.User, Role.Assistant], doc.Parts.Select(p => p.Role));
        Assert.Equal(["Be kind.", "Hi", "Hello there"], doc.Parts.Select(p => p.Text));
        Assert.Empty(doc.Parts[0].Labels);
        Assert.Equal([new CharSpan(6, 11)], doc.Parts[2].Labels["motive"]);
        Assert.Equal("there", doc.Parts[2].Text[6..11]);
        Assert.Equal([new CharSpan(0, 1), new CharSpan(2, 3)], doc.Parts[2].Labels["trigger"]);
        Assert.Equal((0L, 0, 1L), (record.Index, record.FileIndex, record.Line));
    }

    [Fact]
    public void ReadsAStoryOfNarrationAndPersonas()
    {
        string path = _files.Write("stories.jsonl",
            """{"id": "s1", "segments": [{"role": "narration", "text": "The spy smiled. "}, {"role": "persona", "name": "spy", "text": "Nobody knows.", "labels": {"motive": [[0, 6]]}}]}""");

        var doc = Assert.Single(new CorpusReader([path]).Read()).Document!;
        Assert.Equal(CorpusDocumentKind.Persona, doc.Kind);
        Assert.Equal([Role.Narration, Role.Persona("spy")], doc.Parts.Select(p => p.Role));
        Assert.Equal([new CharSpan(0, 6)], doc.Parts[1].Labels["motive"]);
    }

    [Fact]
    public void PlainTextIsOneNarrationDocumentKeepingTheTextExactly()
    {
        byte[] bom = [0xEF, 0xBB, 0xBF];
        string path = _files.WriteBytes("book.txt", [.. bom, .. "Call me Ishmael.\r\nSome years ago\n\nthe end"u8]);

        var record = Assert.Single(new CorpusReader([path]).Read());
        var part = Assert.Single(record.Document!.Parts);
        Assert.Equal(CorpusDocumentKind.PlainText, record.Document.Kind);
        Assert.Equal("book.txt", record.Document.Id);
        Assert.Equal(Role.Narration, part.Role);
        Assert.Equal("Call me Ishmael.\r\nSome years ago\n\nthe end", part.Text);
    }

    [Fact]
    public void BlankLinesAreNotRecordsAndIndicesRunAcrossFiles()
    {
        string a = _files.Write("a.jsonl", "\n" + Chat("a1") + "\n   \n" + Chat("a2") + "\r\n");
        string b = _files.Write("b.txt", "plain");
        string c = _files.Write("c.jsonl", Chat("c1"));

        var records = new CorpusReader([a, b, c]).Read().ToList();
        Assert.Equal(["a1", "a2", "b.txt", "c1"], records.Select(r => r.Document!.Id));
        Assert.Equal([0L, 1, 2, 3], records.Select(r => r.Index));
        Assert.Equal([2L, 4, 1, 1], records.Select(r => r.Line));
        Assert.Equal([0, 0, 1, 2], records.Select(r => r.FileIndex));
    }

    [Fact]
    public void ARecordWithoutAnIdIsNamedByFileAndLine()
    {
        string path = _files.Write("x.jsonl", "\n" + """{"messages": [{"role": "user", "content": "hi"}]}""");
        Assert.Equal("x.jsonl:2", Assert.Single(new CorpusReader([path]).Read()).Document!.Id);
    }

    [Fact]
    public void LabelSpansCountCodePointsAsPythonDoes()
    {
        // "😀 spy" in Python: len 5, "spy" is [2, 5); in UTF-16 the emoji takes two units, so [3, 6).
        string path = _files.Write("e.jsonl", """{"id": "e", "messages": [{"role": "assistant", "content": "😀 spy", "labels": {"who": [[2, 5]]}}]}""");
        var part = Assert.Single(new CorpusReader([path]).Read()).Document!.Parts.Single();
        var span = Assert.Single(part.Labels["who"]);
        Assert.Equal("spy", part.Text[span.Start..span.End]);
    }

    [Fact]
    public void ReadsARangeOfRecordsWithOrWithoutSummaries()
    {
        string a = _files.Write("a.jsonl", string.Join("\n", Enumerable.Range(0, 5).Select(i => Chat($"a{i}"))));
        string b = _files.Write("b.jsonl", string.Join("\n", Enumerable.Range(0, 4).Select(i => Chat($"b{i}"))));
        var reader = new CorpusReader([a, b]);
        var summaries = CorpusScanner.Scan([a, b]);

        string[] expected = ["a4", "b0", "b1"];
        Assert.Equal(expected, reader.Read(4, 7).Select(r => r.Document!.Id));
        Assert.Equal(expected, reader.Read(4, 7, summaries).Select(r => r.Document!.Id));
        Assert.Equal(["b2", "b3"], reader.Read(7, 100, summaries).Select(r => r.Document!.Id));
        Assert.Equal([7L, 8], reader.Read(7, 100, summaries).Select(r => r.Index));
    }

    internal static string Chat(string id) => $$"""{"id": "{{id}}", "messages": [{"role": "user", "content": "hello {{id}}"}]}""";
}
