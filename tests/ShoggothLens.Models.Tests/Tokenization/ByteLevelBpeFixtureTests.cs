using ShoggothLens.Core.Corpus;
using ShoggothLens.Models.Tests.Fixtures;
using ShoggothLens.Models.Tokenization;

namespace ShoggothLens.Models.Tests.Tokenization;

/// <summary>
/// The byte-level BPE fixture (trained and encoded by Hugging Face tokenizers): every string must
/// give exactly the expected ids, tokens and offsets, read through tokenizer.json and through
/// vocab.json + merges.txt alike, by the package-backed tokenizer the loader picks and by our own
/// (kept for the options the package lacks).
/// </summary>
public class ByteLevelBpeFixtureTests
{
    static readonly string Dir = ReferenceFixtures.Tokenizer("bytelevel-bpe");

    public static TheoryData<string, string, int> Cases()
    {
        var data = new TheoryData<string, string, int>();
        int count = ExpectedEncoding.Load(Path.Combine(Dir, "expected.json")).Count;
        foreach (var source in ByteLevelImplementations.Sources)
            foreach (var implementation in ByteLevelImplementations.Names)
                for (int i = 0; i < count; i++)
                    data.Add(source, implementation, i);
        return data;
    }

    public static TheoryData<string, string> SourcesAndImplementations()
    {
        var data = new TheoryData<string, string>();
        foreach (var source in ByteLevelImplementations.Sources)
            foreach (var implementation in ByteLevelImplementations.Names)
                data.Add(source, implementation);
        return data;
    }

    static ITextTokenizer Load(string source, string implementation) =>
        ByteLevelImplementations.Build(implementation, ByteLevelImplementations.Read(Dir, source));

    [Theory]
    [MemberData(nameof(Cases))]
    public void EncodesExactlyAsHuggingFace(string source, string implementation, int index)
    {
        var expected = ExpectedEncoding.Load(Path.Combine(Dir, "expected.json"))[index];
        var pieces = Load(source, implementation).Encode(expected.Text);

        Assert.Equal(expected.Ids, pieces.Select(p => p.Id));
        Assert.Equal(expected.Tokens, pieces.Select(p => p.Token));
        Assert.Equal(expected.Offsets!, pieces.Select(p => (p.Start, p.End)));
    }

    [Theory]
    [MemberData(nameof(SourcesAndImplementations))]
    public void OffsetsInCodePointsAreHuggingFacesNumbers(string source, string implementation)
    {
        var tokenizer = Load(source, implementation);
        foreach (var expected in ExpectedEncoding.LoadCodePointOffsets(Path.Combine(Dir, "expected.json")))
        {
            var codePoints = new CodePointOffsets(expected.Text);
            var pieces = tokenizer.Encode(expected.Text);
            Assert.Equal(expected.Offsets, pieces.Select(p => (codePoints[p.Start], codePoints[p.End])));
        }
    }

    [Theory]
    [MemberData(nameof(SourcesAndImplementations))]
    public void DecodesBackToTheText(string source, string implementation)
    {
        var tokenizer = Load(source, implementation);
        foreach (var expected in ExpectedEncoding.Load(Path.Combine(Dir, "expected.json")))
            Assert.Equal(expected.Text, tokenizer.Decode(expected.Ids));
    }

    [Theory]
    [InlineData("tokenizer.json")]
    [InlineData("vocab.json+merges.txt")]
    public void TheLoaderPicksThePackageForThisFixture(string source)
    {
        var tokenizer = source == "tokenizer.json"
            ? TokenizerLoader.LoadTokenizerJson(Path.Combine(Dir, "tokenizer.json"))
            : TokenizerLoader.LoadVocabAndMerges(Path.Combine(Dir, "vocab.json"), Path.Combine(Dir, "merges.txt"));

        Assert.IsType<PackageByteLevelBpeTokenizer>(tokenizer);
    }

    [Fact]
    public void DirectoryLoadPrefersTokenizerJsonAndKnowsTheSpecialToken()
    {
        var tokenizer = TokenizerLoader.Load(Dir);

        Assert.IsType<PackageByteLevelBpeTokenizer>(tokenizer);
        Assert.Equal(420, tokenizer.VocabSize);
        Assert.Equal(0, tokenizer.TokenToId("<|endoftext|>"));
        Assert.Equal("Ġthe", tokenizer.IdToToken(266));
        Assert.Null(tokenizer.TokenToId("no such token"));
        Assert.Null(tokenizer.IdToToken(420));
        Assert.Contains(tokenizer.AddedTokens, t => t.Content == "<|endoftext|>" && t.Id == 0);
    }

    [Fact]
    public void AddsNoBosUnlessAskedAndGpt2AddsNoneEvenThen()
    {
        var gpt2 = TokenizerLoader.LoadVocabAndMerges(Path.Combine(Dir, "vocab.json"), Path.Combine(Dir, "merges.txt"));

        Assert.Equal(0, gpt2.BosId);
        Assert.Equal(0, gpt2.EosId);
        Assert.False(gpt2.AddsBos);
        Assert.Equal(gpt2.Encode("hi").Select(p => p.Id), gpt2.Encode("hi", addSpecialTokens: true).Select(p => p.Id));
    }

    [Fact]
    public void SpecialTokenInTheMiddleOfTextSplitsIt()
    {
        var tokenizer = TokenizerLoader.Load(Dir);
        const string text = "hi<|endoftext|> hi";

        var pieces = tokenizer.Encode(text);

        var special = Assert.Single(pieces, p => p.Id == 0);
        Assert.Equal((2, 15), (special.Start, special.End));
        Assert.Equal(tokenizer.Encode("hi").Select(p => p.Id), pieces.TakeWhile(p => p.Id != 0).Select(p => p.Id));
        Assert.Equal(tokenizer.Encode(" hi").Select(p => p.Id), pieces.SkipWhile(p => p.Id != 0).Skip(1).Select(p => p.Id));
    }

    [Fact]
    public void EncodeRangeGivesOffsetsIntoTheWholeText()
    {
        var tokenizer = TokenizerLoader.Load(Dir);
        const string text = "User: hello there";

        var pieces = tokenizer.EncodeRange(text, 6, 11);

        Assert.Equal(tokenizer.Encode("hello").Select(p => p.Id), pieces.Select(p => p.Id));
        Assert.Equal(6, pieces[0].Start);
        Assert.Equal(11, pieces[^1].End);
    }
}
