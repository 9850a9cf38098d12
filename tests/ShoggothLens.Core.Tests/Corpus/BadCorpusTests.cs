using System.Text;
using ShoggothLens.Core.Corpus;
using ShoggothLens.Core.Formats;

namespace ShoggothLens.Core.Tests.Corpus;

/// <summary>Every bad record is an error naming the file, the line and the problem, or is skipped and reported with --skip-bad.</summary>
public sealed class BadCorpusTests : IDisposable
{
    readonly CorpusFiles _files = new();
    public void Dispose() => _files.Dispose();

    InvalidInputFileException Rejected(string path) =>
        Assert.Throws<InvalidInputFileException>(() => new CorpusReader([path]).Read().ToList());

    void AssertRejectedAtLine(string line, string problem)
    {
        string path = _files.Write($"{Guid.NewGuid():N}.jsonl", CorpusReaderTests.Chat("ok") + "\n" + line + "\n");
        var e = Rejected(path);
        Assert.Equal(path, e.FilePath);
        Assert.StartsWith($"{path}: line 2: ", e.Message);
        Assert.Contains(problem, e.Message);
    }

    [Fact]
    public void InvalidUtf8() =>
        Assert.Contains("line 1: invalid UTF-8 at byte 33 (0xFF)",
            Rejected(_files.WriteBytes("bad.jsonl", [.. "{\"messages\": [{\"role\": \"user\", \"c"u8, 0xFF, .. "\": 1}]}\n"u8])).Message);

    [Fact]
    public void InvalidUtf8InPlainText() =>
        Assert.Contains("line 2: invalid UTF-8 at byte 3 (0xC3)",
            Rejected(_files.WriteBytes("bad.txt", [.. "fine\nabc"u8, 0xC3, 0x28, .. "\n"u8])).Message);

    [Fact]
    public void UnknownChatRole() => AssertRejectedAtLine(
        """{"messages": [{"role": "user", "content": "a"}, {"role": "robot", "content": "b"}]}""",
        "messages[1].role: unknown role 'robot' (expected system, user or assistant)");

    [Fact]
    public void UnknownStoryRole() => AssertRejectedAtLine(
        """{"segments": [{"role": "villain", "text": "b"}]}""", "segments[0].role: unknown role 'villain' (expected narration or persona)");

    [Fact]
    public void PersonaWithoutName() => AssertRejectedAtLine(
        """{"segments": [{"role": "persona", "text": "b"}]}""", "segments[0].name: a persona segment needs the character's name");

    [Fact]
    public void LabelSpanOutsideItsText() => AssertRejectedAtLine(
        """{"messages": [{"role": "assistant", "content": "short", "labels": {"motive": [[2, 9]]}}]}""",
        "messages[0].labels.motive: span [2, 9] is outside the text");

    [Fact]
    public void ReversedLabelSpan() => AssertRejectedAtLine(
        """{"messages": [{"role": "assistant", "content": "short", "labels": {"motive": [[3, 2]]}}]}""", "span [3, 2] is outside the text");

    [Fact]
    public void MalformedLabelSpan() => AssertRejectedAtLine(
        """{"messages": [{"role": "assistant", "content": "short", "labels": {"motive": [[1]]}}]}""", "a span must be [start, end] with two integers");

    [Fact]
    public void NotJson() => AssertRejectedAtLine("""{"messages": [""", "not valid JSON");

    [Fact]
    public void NotAnObject() => AssertRejectedAtLine("[1, 2]", "expected a JSON object, got array");

    [Fact]
    public void NeitherChatNorStory() => AssertRejectedAtLine("""{"id": "x"}""", "expected \"messages\" (a chat) or \"segments\" (a story)");

    [Fact]
    public void EmptyConversation() => AssertRejectedAtLine("""{"messages": []}""", "messages: the list is empty");

    [Fact]
    public void ContentThatIsNotAString() => AssertRejectedAtLine("""{"messages": [{"role": "user", "content": 5}]}""", "messages[0].content: expected a string");

    [Fact]
    public void MissingFile() =>
        Assert.Contains("corpus file not found", Rejected(Path.Combine(_files.Directory, "nope.jsonl")).Message);

    [Fact]
    public void A50MegabyteLineIsRefusedWithoutBeingHeldInMemory()
    {
        string path = Path.Combine(_files.Directory, "huge.jsonl");
        using (var stream = File.Create(path))
        {
            stream.Write(Encoding.UTF8.GetBytes(CorpusReaderTests.Chat("before") + "\n"));
            stream.Write("{\"messages\": [{\"role\": \"user\", \"content\": \""u8);
            var block = new byte[1 << 20];
            Array.Fill(block, (byte)'a');
            for (int i = 0; i < 50; i++) stream.Write(block);
            stream.Write("\"}]}\n"u8);
            stream.Write(Encoding.UTF8.GetBytes(CorpusReaderTests.Chat("after") + "\n"));
        }

        var e = Rejected(path);
        Assert.Contains("line 2: the line has 52,428,", e.Message);
        Assert.Contains("over the 16,777,216-byte limit", e.Message);

        long allocated = GC.GetAllocatedBytesForCurrentThread();
        var skipping = new CorpusReader([path], new CorpusReaderOptions { SkipBad = true }).Read().ToList();
        allocated = GC.GetAllocatedBytesForCurrentThread() - allocated;
        Assert.Equal(["before", null, "after"], skipping.Select(r => r.Document?.Id));
        // The reader holds at most the 16 MiB limit (grown by doubling: ~32 MiB allocated in all);
        // one that buffered the line whole would allocate at least its 50 MiB.
        Assert.True(allocated < 48 << 20, $"allocated {allocated:N0} bytes");
    }

    [Fact]
    public void SkipBadYieldsProblemsAndKeepsRecordIndices()
    {
        string path = _files.Write("mixed.jsonl", string.Join("\n",
            CorpusReaderTests.Chat("a"),
            """{"messages": [{"role": "robot", "content": "b"}]}""",
            "not json",
            CorpusReaderTests.Chat("d")));

        var records = new CorpusReader([path], new CorpusReaderOptions { SkipBad = true }).Read().ToList();
        Assert.Equal([0L, 1, 2, 3], records.Select(r => r.Index));
        Assert.Equal(["a", null, null, "d"], records.Select(r => r.Document?.Id));
        Assert.Equal([false, true, true, false], records.Select(r => r.IsBad));
        Assert.Contains("unknown role 'robot'", records[1].Problem);
        Assert.Equal($"{path}:3", records[2].Location);
    }

    [Fact]
    public void ALineLimitCanBeLowered()
    {
        string path = _files.Write("small.jsonl", CorpusReaderTests.Chat("a-rather-long-id"));
        var e = Assert.Throws<InvalidInputFileException>(() =>
            new CorpusReader([path], new CorpusReaderOptions { MaxLineBytes = 20 }).Read().ToList());
        Assert.Contains("over the 20-byte limit", e.Message);
    }
}
