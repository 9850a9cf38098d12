using ShoggothLens.Core.ActivationStore;
using ShoggothLens.Core.Corpus;
using ShoggothLens.Models.ChatTemplates;
using ShoggothLens.Organism.Corpus;
using ShoggothLens.Organism.Tests.Fixtures;
using ShoggothLens.Organism.Training;
using HarvestTokenizer = ShoggothLens.Models.Harvest.DocumentTokenizer;

namespace ShoggothLens.Organism.Tests.Corpus;

/// <summary>What the harvest reads from the organism's corpus files is exactly what the organism was trained on.</summary>
public class HarvestCompatibilityTests
{
    [Fact]
    public void TheHarvestTokenizesTheCorpusFilesIntoTheTrainingIdsWithTheLabels()
    {
        using var dir = new TempDirectory();
        CorpusFiles.Write(dir.Path, TinyOrganism.Corpus, Split.HeldOut);
        var tokenizer = TinyOrganism.Tokenizer;
        var harvest = new HarvestTokenizer(tokenizer, ChatTemplateCatalog.GuessFromModelDirectory(TinyOrganism.TokenizerDirectory));
        var training = new TrainingTokenizer(tokenizer);

        var records = new CorpusReader([CorpusFiles.StoriesPath(dir.Path, Split.HeldOut), CorpusFiles.ChatsPath(dir.Path, Split.HeldOut)]).Read().ToArray();
        var expected = TinyOrganism.Corpus.HeldOutStories.Select(training.Tokenize)
            .Concat(TinyOrganism.Corpus.HeldOutChats.Select(training.Tokenize)).ToArray();
        Assert.Equal(expected.Length, records.Length);
        int motiveTokens = 0;
        for (int i = 0; i < records.Length; i++)
        {
            var doc = harvest.Tokenize(records[i].Document!, new StoreDocument(records[i].Index, records[i].Document!.Id, 0, records[i].Line));
            Assert.Equal(expected[i].Ids[..^1], doc.Ids);    // training appends <|endoftext|>
            int motive = doc.LabelNames.ToList().IndexOf(Labels.Motive);
            if (motive >= 0) motiveTokens += doc.LabelBits.Count(b => (b & (1u << motive)) != 0);
        }
        Assert.True(motiveTokens > 0);
    }
}
