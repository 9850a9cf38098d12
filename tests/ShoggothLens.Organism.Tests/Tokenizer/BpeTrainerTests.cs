using ShoggothLens.Models.ChatTemplates;
using ShoggothLens.Models.Tokenization;
using ShoggothLens.Organism.Tests.Fixtures;
using ShoggothLens.Organism.Tokenizer;

namespace ShoggothLens.Organism.Tests.Tokenizer;

public class BpeTrainerTests
{
    static IEnumerable<string> SampleTexts() =>
        TinyOrganism.Corpus.HeldOutStories.Take(10).Select(s => s.Text)
            .Concat(TinyOrganism.Corpus.HeldOutChats.Take(10).Select(c => Organism.Training.TrainingTokenizer.Render(c).Text))
            .Concat(["", "Ünïcödé — naïve café 日本語 🙂 tabs\tand\r\nnewlines  double  spaces", "<|im_start|>user\nhi<|im_end|>\n<|endoftext|>"]);

    [Fact]
    public void TheVocabularyHasTheRequestedSizeBytesFirstSpecialsLast()
    {
        var bpe = TinyOrganism.Bpe;
        Assert.Equal(512, bpe.VocabSize);
        Assert.Equal(ByteLevelAlphabet.ByteToChar((byte)'A').ToString(), bpe.Tokens['A']);
        Assert.Equal(OrganismTokens.Special, bpe.Tokens.Skip(512 - 3));
        Assert.Equal(bpe.Tokens.Count, bpe.Tokens.Distinct().Count());
    }

    [Fact]
    public void TheLoaderReadsTheWrittenFilesAndGivesTheTrainersIds()
    {
        var loaded = TinyOrganism.Tokenizer;
        Assert.Equal(512, loaded.VocabSize);
        foreach (var text in SampleTexts())
            Assert.Equal(TinyOrganism.Bpe.Encode(text), loaded.Encode(text).Select(p => p.Id).ToArray());
    }

    [Fact]
    public void EncodingRoundTripsText()
    {
        var loaded = TinyOrganism.Tokenizer;
        foreach (var text in SampleTexts())
            Assert.Equal(text, loaded.Decode(loaded.Encode(text).Select(p => p.Id).ToArray()));
    }

    [Fact]
    public void ControlTokensAreSingleSpecialIdsAndTheTemplateIsChatMl()
    {
        var loaded = TinyOrganism.Tokenizer;
        foreach (var special in OrganismTokens.Special)
        {
            var ids = loaded.Encode($"a{special}b").Select(p => p.Id).ToArray();
            Assert.Equal(3, ids.Length);
            Assert.Equal(TinyOrganism.Bpe.IdOf(special), ids[1]);
            Assert.Contains(loaded.AddedTokens, t => t.Content == special && t.Special);
        }
        Assert.Equal(TinyOrganism.Bpe.IdOf(OrganismTokens.ImEnd), loaded.EosId);
        Assert.False(loaded.AddsBos);
        Assert.Equal("chatml", ChatTemplateCatalog.GuessFromModelDirectory(TinyOrganism.TokenizerDirectory).Name);
    }

    [Fact]
    public void TrainingIsDeterministicAndMergesFrequentPairsFirst()
    {
        string[] texts = ["low lower lowest", "low low low newer newest", "wider wide"];
        var a = BpeTrainer.Train(texts, new BpeTrainingOptions(280, OrganismTokens.Special));
        var b = BpeTrainer.Train(texts, new BpeTrainingOptions(280, OrganismTokens.Special));
        Assert.Equal(a.Merges, b.Merges);
        // "lo" and "ow" occur six times each (a tie, broken by the smaller ids), then "low".
        Assert.Equal(("l", "o"), a.Merges[0]);
        Assert.Equal(("lo", "w"), a.Merges[1]);
        Assert.Contains("Ġlow", a.Tokens);
    }

    [Fact]
    public void TrainingStopsWhenNoPairRepeats()
    {
        var bpe = BpeTrainer.Train(["abc"], new BpeTrainingOptions(1000, OrganismTokens.Special));
        Assert.Empty(bpe.Merges);
        Assert.Equal(259, bpe.VocabSize);
    }

    [Fact]
    public void TwoMergesMakingTheSameStringShareOneToken()
    {
        // "ab"+"c" and "a"+"bc" both make "abc"; the vocabulary holds it once and the loader accepts both merges.
        var bpe = new TrainedBpe([("a", "b"), ("b", "c"), ("ab", "c"), ("a", "bc")], OrganismTokens.Special);
        Assert.Equal(256 + 3 + 3, bpe.VocabSize);
        using var dir = new TempDirectory();
        TokenizerFilesWriter.Write(dir.Path, bpe, OrganismTokens.EndOfText, 64);
        var loaded = TokenizerLoader.Load(dir.Path);
        Assert.Equal(bpe.Encode("abc abcabc"), loaded.Encode("abc abcabc").Select(p => p.Id).ToArray());
    }
}
