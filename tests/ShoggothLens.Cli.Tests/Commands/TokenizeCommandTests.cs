using System.Text.Json;
using ShoggothLens.Models.Tests.Fixtures;

namespace ShoggothLens.Cli.Tests.Commands;

/// <summary>`shoggoth tokenize --json` reproduces the Hugging Face reference encodings exactly.</summary>
public sealed class TokenizeCommandTests : IDisposable
{
    readonly string _dir = Directory.CreateTempSubdirectory("tok-cli-").FullName;
    public void Dispose() => Directory.Delete(_dir, recursive: true);

    static IEnumerable<JsonElement> Expected(string tokenizer)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(ReferenceFixtures.Tokenizer(tokenizer), "expected.json")));
        return doc.RootElement.EnumerateArray().Select(e => e.Clone()).ToList();
    }

    void AssertMatches(string tokenizerDir, string fixture, bool offsets, string tokensField)
    {
        var cases = Expected(fixture).ToList();
        Assert.NotEmpty(cases);
        foreach (var expected in cases)
        {
            string text = expected.GetProperty("text").GetString()!;
            var r = CliRunner.Run("tokenize", "--tokenizer", tokenizerDir, "--text", text, "--json");
            Assert.True(r.ExitCode == 0, r.Error);
            using var actual = r.Json();
            var root = actual.RootElement;
            Assert.Equal(expected.GetProperty("ids").EnumerateArray().Select(e => e.GetInt32()),
                root.GetProperty("ids").EnumerateArray().Select(e => e.GetInt32()));
            Assert.Equal(expected.GetProperty(tokensField).EnumerateArray().Select(e => e.GetString()),
                root.GetProperty("tokens").EnumerateArray().Select(e => e.GetString()));
            if (offsets)
                Assert.Equal(expected.GetProperty("offsets").EnumerateArray().Select(o => (o[0].GetInt32(), o[1].GetInt32())),
                    root.GetProperty("offsets").EnumerateArray().Select(o => (o[0].GetInt32(), o[1].GetInt32())));
        }
    }

    [Fact]
    public void ByteLevelBpeFromTokenizerJson() =>
        AssertMatches(ReferenceFixtures.Tokenizer("bytelevel-bpe"), "bytelevel-bpe", offsets: true, "tokens");

    [Fact]
    public void ByteLevelBpeFromVocabAndMerges()
    {
        foreach (var name in new[] { "vocab.json", "merges.txt" })
            File.Copy(Path.Combine(ReferenceFixtures.Tokenizer("bytelevel-bpe"), name), Path.Combine(_dir, name));
        AssertMatches(_dir, "bytelevel-bpe", offsets: true, "tokens");
    }

    [Fact]
    public void SentencePieceBpe() =>
        AssertMatches(ReferenceFixtures.Tokenizer("sentencepiece-bpe"), "sentencepiece-bpe", offsets: false, "pieces");

    [Fact]
    public void SpecialTokensInTheTextMapToTheirIdsAndNoBosIsAddedByDefault()
    {
        var r = CliRunner.Run("tokenize", "--tokenizer", ReferenceFixtures.Tokenizer("bytelevel-bpe"), "--text", "<|endoftext|>hi", "--json");
        using var json = r.Json();
        var ids = json.RootElement.GetProperty("ids").EnumerateArray().Select(e => e.GetInt32()).ToList();
        Assert.Equal(0, ids[0]); // <|endoftext|> is id 0 in this tokenizer
        Assert.Equal((0, 13), (json.RootElement.GetProperty("offsets")[0][0].GetInt32(), json.RootElement.GetProperty("offsets")[0][1].GetInt32()));

        var sp = CliRunner.Run("tokenize", "--tokenizer", ReferenceFixtures.Tokenizer("sentencepiece-bpe"), "--text", "hi", "--json");
        var spWithBos = CliRunner.Run("tokenize", "--tokenizer", ReferenceFixtures.Tokenizer("sentencepiece-bpe"), "--text", "hi", "--json", "--add-special");
        using var plain = sp.Json();
        using var withBos = spWithBos.Json();
        Assert.NotEqual(1, plain.RootElement.GetProperty("ids")[0].GetInt32());
        Assert.Equal(1, withBos.RootElement.GetProperty("ids")[0].GetInt32()); // Llama-style BOS id 1
        Assert.Equal(plain.RootElement.GetProperty("ids").GetArrayLength() + 1, withBos.RootElement.GetProperty("ids").GetArrayLength());
    }
}
