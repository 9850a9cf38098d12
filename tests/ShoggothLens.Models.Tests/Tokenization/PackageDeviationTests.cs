using System.Text.RegularExpressions;
using ShoggothLens.Models.Tests.Fixtures;
using ShoggothLens.Models.Tokenization;
using Ml = Microsoft.ML.Tokenizers;

namespace ShoggothLens.Models.Tests.Tokenization;

/// <summary>
/// Where Microsoft.ML.Tokenizers 3.0.0 does not reproduce the Hugging Face / sentencepiece reference,
/// and so where our own code stays (docs/tokenizers.md). Each test asserts the package's present,
/// wrong output: when a later version fixes it the test fails, and the workaround or our own
/// implementation can be reconsidered.
/// </summary>
public class PackageDeviationTests
{
    static readonly string ByteLevelDir = ReferenceFixtures.Tokenizer("bytelevel-bpe");
    static readonly string SentencePieceDir = ReferenceFixtures.Tokenizer("sentencepiece-bpe");
    static readonly IReadOnlyList<ExpectedEncoding> ByteLevelExpected = ExpectedEncoding.Load(Path.Combine(ByteLevelDir, "expected.json"));
    static readonly IReadOnlyList<ExpectedEncoding> SentencePieceExpected = ExpectedEncoding.Load(Path.Combine(SentencePieceDir, "expected.json"));

    /// <summary>Worked around in PackageByteLevelBpeTokenizer (ranges widened to whole characters).</summary>
    [Fact]
    public void BpeTokenizerEndsATokenBetweenTheHalvesOfASurrogatePair()
    {
        var bpe = PackageByteLevelBpeTokenizer.CreatePackageBpe(ByteLevelImplementations.Read(ByteLevelDir, "tokenizer.json"));
        var expected = ByteLevelExpected[2];   // "Café naïve 🤗 東京 — dash"; "ĠðŁ" holds the space and half of 🤗's bytes
        string text = expected.Text;

        var raw = bpe.EncodeToTokens(text, out _);
        var token = Assert.Single(raw, t => t.Value == "ĠðŁ");
        int end = token.Offset.End.GetOffset(text.Length);

        Assert.True(char.IsHighSurrogate(text[end - 1]) && char.IsLowSurrogate(text[end]),
            $"the package now ends 'ĠðŁ' at {end}, not inside 🤗: drop the widening in PackageByteLevelBpeTokenizer");
        // Hugging Face (converted to UTF-16) and the wrapper give the whole character.
        int index = raw.ToList().IndexOf(token);
        Assert.Equal(end + 1, expected.Offsets![index].End);
        Assert.Equal(end + 1, new PackageByteLevelBpeTokenizer(ByteLevelImplementations.Read(ByteLevelDir, "tokenizer.json")).Encode(text)[index].End);
    }

    /// <summary>Worked around in PackageByteLevelBpeTokenizer (lone surrogates handed over as U+FFFD).</summary>
    [Fact]
    public void BpeTokenizerWritesALoneHighSurrogateAtTheEndAsWtf8()
    {
        var model = ByteLevelImplementations.Read(ByteLevelDir, "tokenizer.json");
        var bpe = PackageByteLevelBpeTokenizer.CreatePackageBpe(model);
        const string text = "é\ud83e";   // a range that ends inside 🤗

        // ED A0 BE (í ł ¾) is the surrogate's own three-byte form; UTF-8 has none, .NET writes U+FFFD (EF BF BD: ï ¿ ½).
        Assert.Equal(["Ã©", "í", "ł", "¾"], bpe.EncodeToTokens(text, out _).Select(t => t.Value));
        Assert.Equal(["Ã©", "ï", "¿", "½"], new PackageByteLevelBpeTokenizer(model).Encode(text).Select(p => p.Token));
        Assert.Equal(["Ã©", "ï", "¿", "½"], new ByteLevelBpeTokenizer(model).Encode(text).Select(p => p.Token));
    }

    /// <summary>Why PackagePreTokenizer hands the package our splitter instead of its RegexPreTokenizer.</summary>
    [Fact]
    public void RegexPreTokenizerDropsTheTextBetweenMatches()
    {
        var pre = new Ml.RegexPreTokenizer(new Regex(@"\d+"), null);

        // Hugging Face's Split (Isolated) gives "abc", "12", "ab"; ours does too.
        Assert.Equal([(3, 2)], pre.PreTokenize("abc12ab").ToArray());
        var ours = new List<(int Start, int End)>();
        new RegexPreTokenizer([@"\d+"]).Split("abc12ab", 0, 7, ours);
        Assert.Equal([(0, 3), (3, 5), (5, 7)], ours);
    }

    /// <summary>Why a vocabulary without every byte stays with our own encoder.</summary>
    [Fact]
    public void BpeTokenizerShiftsLaterOffsetsAfterADroppedByte()
    {
        var vocabulary = new Dictionary<string, int> { ["a"] = 0, ["b"] = 1, ["ab"] = 2 };
        var bpe = Ml.BpeTokenizer.Create(new Ml.BpeOptions(vocabulary) { Merges = ["a b"], ByteLevel = true });

        var raw = bpe.EncodeToTokens("abxab", out _);

        // 'x' has no token and is dropped (as in Hugging Face), but the second "ab" is at 3..5, not 2..4.
        Assert.Equal([(2, 0, 2), (2, 2, 4)], raw.Select(t => (t.Id, t.Offset.Start.Value, t.Offset.End.Value)));
        var model = new ByteLevelBpeModel(vocabulary, [("a", "b")],
            BpeMergeTable.Create("test", vocabulary, [("a", "b")]), ByteLevelBpeOptions.Gpt2, [], SpecialTokenIds.None);
        Assert.Equal([(2, 0, 2), (2, 3, 5)], ByteLevelBpeBackend.Create(model).Encode("abxab").Select(p => (p.Id, p.Start, p.End)));
    }

    /// <summary>Why a merge list with a repeated merge stays with our own encoder.</summary>
    [Fact]
    public void BpeTokenizerRefusesAMergeListedTwice()
    {
        var vocabulary = Enumerable.Range(0, 256).ToDictionary(b => ByteLevelAlphabet.ByteToChar((byte)b).ToString(), b => b);
        vocabulary["ab"] = 256;
        (string, string)[] merges = [("a", "b"), ("a", "b")];

        Assert.Throws<ArgumentException>(() => Ml.BpeTokenizer.Create(new Ml.BpeOptions(vocabulary) { Merges = ["a b", "a b"], ByteLevel = true }));
        var model = new ByteLevelBpeModel(vocabulary, merges, BpeMergeTable.Create("test", vocabulary, merges),
            ByteLevelBpeOptions.Gpt2, [], SpecialTokenIds.None);
        Assert.Contains("listed twice", PackageByteLevelBpeTokenizer.WhyNot(model));
        Assert.Equal([256, 256], ByteLevelBpeBackend.Create(model).Encode("abab").Select(p => p.Id));
    }

    /// <summary>Why a vocabulary in which two tokens share an id stays with our own encoder.</summary>
    [Fact]
    public void BpeTokenizerRefusesTwoTokensWithOneId()
    {
        var vocabulary = Enumerable.Range(0, 256).ToDictionary(b => ByteLevelAlphabet.ByteToChar((byte)b).ToString(), b => b);
        vocabulary["ab"] = 256;
        vocabulary["zz"] = 256;
        (string, string)[] merges = [("a", "b")];

        Assert.Throws<ArgumentException>(() => Ml.BpeTokenizer.Create(new Ml.BpeOptions(vocabulary) { Merges = ["a b"], ByteLevel = true }));
        var model = new ByteLevelBpeModel(vocabulary, merges, BpeMergeTable.Create("test", vocabulary, merges),
            ByteLevelBpeOptions.Gpt2, [], SpecialTokenIds.None);
        Assert.Contains("share an id", PackageByteLevelBpeTokenizer.WhyNot(model));
        Assert.Equal([256, 256], ByteLevelBpeBackend.Create(model).Encode("abab").Select(p => p.Id));
    }

    /// <summary>Why Llama 3 style tokenizer.json files (ignore_merges: true) stay with our own encoder.</summary>
    [Fact]
    public void BpeOptionsHasNoIgnoreMerges()
    {
        Assert.DoesNotContain(typeof(Ml.BpeOptions).GetProperties(), p => p.Name.Contains("IgnoreMerges", StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>CodeGenTokenizer is CodeGen's tokenizer, not a general byte-level BPE: it is not used.</summary>
    [Fact]
    public void CodeGenTokenizerAddsCodeGensOwnIds()
    {
        using var vocab = File.OpenRead(Path.Combine(ByteLevelDir, "vocab.json"));
        using var merges = File.OpenRead(Path.Combine(ByteLevelDir, "merges.txt"));
        var codeGen = Ml.CodeGenTokenizer.Create(vocab, merges, addPrefixSpace: false, addBeginOfSentence: false, addEndOfSentence: false);

        // "  leading ...": two spaces become CodeGen's whitespace-run id 50286 (HF: 221, 221).
        Assert.Equal([50286, .. ByteLevelExpected[1].Ids.Skip(2)], codeGen.EncodeToIds(ByteLevelExpected[1].Text));
        // "<|endoftext|>User: hi": CodeGen's own id 50256 (this vocabulary: 0).
        Assert.Equal([50256, .. ByteLevelExpected[3].Ids.Skip(1)], codeGen.EncodeToIds(ByteLevelExpected[3].Text));
        Assert.Equal(ByteLevelExpected[0].Ids, codeGen.EncodeToIds(ByteLevelExpected[0].Text));
    }

    /// <summary>Why SentencePiece models stay with our own encoder: no nmt_nfkc normalization.</summary>
    [Fact]
    public void SentencePieceTokenizerKeepsTabsAndNewlinesThatNmtNfkcTurnsIntoSpaces()
    {
        using var model = File.OpenRead(Path.Combine(SentencePieceDir, "tokenizer.model"));
        var sentencePiece = Ml.SentencePieceTokenizer.Create(model, addBeginningOfSentence: false, addEndOfSentence: false);
        var expected = SentencePieceExpected[1];   // "  leading spaces and\ttabs\nnew lines"

        var ids = sentencePiece.EncodeToIds(expected.Text);

        // The tab and newline come out as byte pieces <0x09> (12) and <0x0A> (13); sentencepiece gives "▁t" and "▁".
        Assert.Equal([350, 325, 315, 298, 267, 360, 351, 367, 352, 353, 350, 296, 12, 331, 380, 353, 13, 272, 370, 350, 361, 271, 352, 353], ids);
        Assert.NotEqual(expected.Ids, ids);
        // The other three fixture strings it gets right.
        foreach (int i in new[] { 0, 2, 3 })
            Assert.Equal(SentencePieceExpected[i].Ids, sentencePiece.EncodeToIds(SentencePieceExpected[i].Text));
    }

    [Fact]
    public void LlamaTokenizerRefusesAnNmtNfkcModel()
    {
        using var model = File.OpenRead(Path.Combine(SentencePieceDir, "tokenizer.model"));

        var e = Assert.Throws<ArgumentException>(() => Ml.LlamaTokenizer.Create(model, addBeginOfSentence: false, addEndOfSentence: false));
        Assert.Contains("nmt_nfkc", e.Message);
    }
}
