using System.Text;
using ShoggothLens.Core.ActivationStore;
using ShoggothLens.Core.Corpus;
using ShoggothLens.Models.ChatTemplates;
using ShoggothLens.Models.Harvest;
using ShoggothLens.Models.Tests.Fixtures;
using ShoggothLens.Models.Tokenization;

namespace ShoggothLens.Models.Tests.Harvest;

/// <summary>
/// A plain text file is one document of any size up to the corpus limit (256 MiB); harvest reads it in pieces and hands
/// out windows as they fill (issue 14: a 64 MB record took 3.4 GB with the whole record's text and token arrays held).
/// The pieces must be the ones the whole text would be cut into, the tokens the whole text's, and the first batch must
/// come before the file has been read.
/// </summary>
public sealed class StreamedPlainTextTests : IDisposable
{
    readonly string _dir = Directory.CreateTempSubdirectory("streamed-text-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    static string Text(int chars, int seed, string alphabet)
    {
        var r = new Random(seed);
        var text = new StringBuilder(chars);
        while (text.Length < chars)
        {
            char c = alphabet[r.Next(alphabet.Length)];
            if (char.IsHighSurrogate(c)) text.Append("😀");
            else text.Append(c);
        }
        return text.ToString();
    }

    public static TheoryData<string, int, int, int> Texts => new()
    {
        // alphabet (\ud83d stands for an emoji pair), length, piece, max piece
        { "ab ", 5000, 16, 40 },
        { "abc  \n", 5000, 16, 40 },
        { "xyz", 3000, 16, 40 },           // no space at all: cut at the maximum
        { "a\ud83d", 3000, 16, 41 },       // cuts next to surrogate pairs
        { "a b\ud83d", 4000, 7, 7 },
        { "ab ", 40, 16, 40 },             // shorter than a piece
        { "ab ", 0, 16, 40 },              // empty
        { "word  words. 1 ", 20_000, 64, 256 },
    };

    [Theory]
    [MemberData(nameof(Texts))]
    public void Streamed_pieces_are_the_whole_texts_pieces_with_context_around_them(string alphabet, int chars, int piece, int max)
    {
        string text = Text(chars, chars + piece, alphabet);
        var whole = TextPieces.Split(text, piece, max).ToList();
        foreach (int context in new[] { 1, 3, 9 })
        {
            var streamed = TextPieces.Split(new StringReader(text), context, piece, max).ToList();
            Assert.Equal(whole.Count, streamed.Count);
            int offset = 0;
            for (int i = 0; i < whole.Count; i++)
            {
                var (start, end) = whole[i];
                var s = streamed[i];
                Assert.Equal(text[start..end], s.Text[s.Start..s.End]);
                // The context is the text's own, as much as there is, up to the asked length.
                Assert.Equal(Math.Min(start, context), s.Start);
                Assert.Equal(Math.Min(text.Length - end, context), s.Text.Length - s.End);
                Assert.Equal(text[(start - s.Start)..(end + s.Text.Length - s.End)], s.Text);
                Assert.Equal(offset, start);
                offset = end;
            }
            Assert.Equal(text.Length, offset);
        }
    }

    public static TheoryData<string> Tokenizers => new("bytelevel-bpe", "sentencepiece-bpe");

    [Theory]
    [MemberData(nameof(Tokenizers))]
    public void A_streamed_plain_text_file_has_the_whole_texts_tokens(string name)
    {
        var tokenizer = TokenizerLoader.Load(ReferenceFixtures.Tokenizer(name));
        string text = DocumentTokenizerPieceTests.LongText(600_000, 11);
        string path = Path.Combine(_dir, "long.txt");
        File.WriteAllText(path, text, new UTF8Encoding(encoderShouldEmitUTF8Identifier: true));   // a BOM, not part of the text

        var record = Assert.Single(new CorpusReader([path], new CorpusReaderOptions { StreamPlainText = true }).Read());
        var document = record.Document!;
        Assert.NotNull(document.StreamedText);
        Assert.Empty(document.Parts);
        var streamed = new DocumentTokenizer(tokenizer, new PlainTemplate()).Tokenize(document, new StoreDocument(0, "t", 0, 1));

        var whole = tokenizer.Encode(text).Select(t => t.Id).ToArray();
        Assert.True(whole.AsSpan().SequenceEqual(streamed.Ids), $"{whole.Length} whole vs {streamed.Length} streamed tokens");
        Assert.Equal([ShoggothLens.Core.Roles.Role.Narration], streamed.Roles);
    }

    [Fact]
    public void The_first_batch_of_a_large_plain_text_comes_before_the_file_is_read()
    {
        // 16 M characters: holding its text alone would allocate 32 MB (UTF-16), its token arrays more.
        var tokenizer = TokenizerLoader.Load(ReferenceFixtures.Tokenizer("bytelevel-bpe"));
        string path = Path.Combine(_dir, "big.txt");
        string block = DocumentTokenizerPieceTests.LongText(1 << 20, 12);
        using (var file = new StreamWriter(path))
            for (int i = 0; i < 16; i++) file.Write(block);
        var summaries = CorpusScanner.Scan([path]);
        var reader = new CorpusReader([path], new CorpusReaderOptions { StreamPlainText = true });
        var batcher = new WindowBatcher(reader, summaries, new DocumentTokenizer(tokenizer, new PlainTemplate()),
            ShardRange.Whole(1), context: 64, batchSize: 8, recordsPerBlock: 256);

        long before = GC.GetAllocatedBytesForCurrentThread();
        using var batches = batcher.Batches(HarvestCursor.At(0), 0).GetEnumerator();
        Assert.True(batches.MoveNext());
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(8, batches.Current.Windows.Count);
        Assert.All(batches.Current.Windows, w => Assert.Equal(64, w.Length));
        Assert.False(batches.Current.Windows[^1].EndsDocument);
        // One piece (64 Ki characters) tokenized, one read buffer: a few MB, not the 32 MB text or more.
        Assert.True(allocated < 8L << 20, $"{allocated:N0} bytes allocated before the first batch");
    }
}
