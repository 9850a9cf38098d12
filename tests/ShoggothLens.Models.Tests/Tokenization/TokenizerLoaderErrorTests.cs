using ShoggothLens.Core.Formats;
using ShoggothLens.Models.Tests.Fixtures;
using ShoggothLens.Models.Tokenization;

namespace ShoggothLens.Models.Tests.Tokenization;

/// <summary>Missing, malformed and hostile tokenizer files: a clear error naming the file, never a crash.</summary>
public class TokenizerLoaderErrorTests
{
    static readonly string ByteLevelDir = ReferenceFixtures.Tokenizer("bytelevel-bpe");
    static readonly string SentencePieceModel = Path.Combine(ReferenceFixtures.Tokenizer("sentencepiece-bpe"), "tokenizer.model");

    static InvalidInputFileException LoadFails(TempDirectory dir) =>
        Assert.Throws<InvalidInputFileException>(() => TokenizerLoader.Load(dir.Path));

    [Fact]
    public void MissingDirectory()
    {
        string path = Path.Combine(Path.GetTempPath(), "shoggoth-no-such-dir-" + Guid.NewGuid().ToString("N"));
        var e = Assert.Throws<InvalidInputFileException>(() => TokenizerLoader.Load(path));
        Assert.Equal(path, e.FilePath);
    }

    [Fact]
    public void DirectoryWithoutTokenizerFilesSaysWhatItLookedFor()
    {
        using var dir = new TempDirectory();
        var e = LoadFails(dir);
        Assert.Equal(dir.Path, e.FilePath);
        Assert.Contains("tokenizer.json", e.Problem);
        Assert.Contains("tokenizer.model", e.Problem);
    }

    [Theory]
    [InlineData("{\"model\": ", "malformed JSON")]
    [InlineData("[1, 2]", "expected a JSON object")]
    [InlineData("{\"version\": \"1.0\"}", "no 'model' object")]
    [InlineData("{\"model\": {\"type\": \"BPE\"}, \"pre_tokenizer\": {\"type\": \"ByteLevel\"}}", "no 'vocab'")]
    [InlineData("{\"model\": {\"type\": \"BPE\", \"vocab\": {\"a\": -1}, \"merges\": []}, \"pre_tokenizer\": {\"type\": \"ByteLevel\"}}", "token id")]
    [InlineData("{\"model\": {\"type\": \"BPE\", \"vocab\": {\"a\": 0}, \"merges\": [\"a b\"]}, \"pre_tokenizer\": {\"type\": \"ByteLevel\"}}", "'b', which is not in the vocabulary")]
    [InlineData("{\"model\": {\"type\": \"BPE\", \"vocab\": {\"a\": 0}, \"merges\": [\"abc\"]}, \"pre_tokenizer\": {\"type\": \"ByteLevel\"}}", "two tokens")]
    [InlineData("{\"model\": {\"type\": \"WordPiece\", \"vocab\": {}}}", "model type 'WordPiece' is not supported")]
    [InlineData("{\"model\": {\"type\": \"BPE\", \"vocab\": {}, \"merges\": []}, \"pre_tokenizer\": {\"type\": \"Metaspace\"}}", "'Metaspace' is not supported")]
    public void BadTokenizerJsonIsNamedWithItsProblem(string json, string problem)
    {
        using var dir = new TempDirectory();
        string path = dir.Write("tokenizer.json", json);

        var e = LoadFails(dir);

        Assert.Equal(path, e.FilePath);
        Assert.Contains(problem, e.Problem);
    }

    [Fact]
    public void UnsupportedTokenizerJsonGivesWayToATokenizerModelBesideIt()
    {
        using var dir = new TempDirectory();
        dir.Write("tokenizer.json", "{\"model\": {\"type\": \"BPE\", \"vocab\": {}, \"merges\": []}, \"pre_tokenizer\": {\"type\": \"Metaspace\"}}");
        File.Copy(SentencePieceModel, dir.File("tokenizer.model"));

        Assert.IsType<SentencePieceBpeTokenizer>(TokenizerLoader.Load(dir.Path));
    }

    [Fact]
    public void MalformedTokenizerJsonDoesNotFallBack()
    {
        using var dir = new TempDirectory();
        string path = dir.Write("tokenizer.json", "{");
        File.Copy(SentencePieceModel, dir.File("tokenizer.model"));

        Assert.Equal(path, LoadFails(dir).FilePath);
    }

    [Fact]
    public void OversizedTokenizerJsonIsRefusedBeforeReading()
    {
        using var dir = new TempDirectory();
        string path = dir.File("tokenizer.json");
        using (var stream = File.Create(path))
            stream.SetLength(TokenizerFiles.MaxTokenizerJsonBytes + 1);   // sparse: no disk used

        var e = LoadFails(dir);

        Assert.Equal(path, e.FilePath);
        Assert.Contains("more than the", e.Problem);
    }

    [Theory]
    [InlineData("vocab.json", "merges.txt")]
    [InlineData("merges.txt", "vocab.json")]
    public void HalfOfAVocabMergesPairNamesTheMissingFile(string present, string missing)
    {
        using var dir = new TempDirectory();
        File.Copy(Path.Combine(ByteLevelDir, present), dir.File(present));

        var e = LoadFails(dir);

        Assert.Equal(dir.File(missing), e.FilePath);
        Assert.Contains("not found", e.Problem);
    }

    [Theory]
    [InlineData("vocab.json", "{\"a\": \"zero\"}", "token id")]
    [InlineData("vocab.json", "{}", "empty")]
    [InlineData("vocab.json", "{\"a\": 0,", "malformed JSON")]
    [InlineData("merges.txt", "#version: 0.2\nh e\nnot-a-merge\n", "line 3")]
    [InlineData("merges.txt", "#version: 0.2\nq q\n", "'qq', which is not in the vocabulary")]
    public void BadVocabOrMergesIsNamed(string file, string contents, string problem)
    {
        using var dir = new TempDirectory();
        foreach (var name in new[] { "vocab.json", "merges.txt" })
            File.Copy(Path.Combine(ByteLevelDir, name), dir.File(name));
        string path = dir.Write(file, contents);

        var e = LoadFails(dir);

        Assert.Equal(path, e.FilePath);
        Assert.Contains(problem, e.Problem);
    }

    [Fact]
    public void GarbageTokenizerModelIsNamed()
    {
        using var dir = new TempDirectory();
        string path = dir.File("tokenizer.model");
        File.WriteAllBytes(path, [0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF]);

        var e = LoadFails(dir);

        Assert.Equal(path, e.FilePath);
        Assert.Contains("protobuf", e.Problem);
    }

    [Fact]
    public void TruncatedTokenizerModelIsNamed()
    {
        using var dir = new TempDirectory();
        string path = dir.File("tokenizer.model");
        File.WriteAllBytes(path, File.ReadAllBytes(SentencePieceModel)[..5001]);

        Assert.Equal(path, LoadFails(dir).FilePath);
    }

    [Fact]
    public void EmptyTokenizerModelIsNotASentencePieceModel()
    {
        using var dir = new TempDirectory();
        string path = dir.File("tokenizer.model");
        File.WriteAllBytes(path, []);

        var e = LoadFails(dir);

        Assert.Equal(path, e.FilePath);
        Assert.Contains("no pieces", e.Problem);
    }

    [Fact]
    public void MalformedConfigBesideAGoodTokenizerIsNamed()
    {
        using var dir = new TempDirectory();
        File.Copy(Path.Combine(ByteLevelDir, "tokenizer.json"), dir.File("tokenizer.json"));
        string path = dir.Write("tokenizer_config.json", "{\"bos_token\": 3}");

        var e = LoadFails(dir);

        Assert.Equal(path, e.FilePath);
        Assert.Contains("bos_token", e.Problem);
    }
}
