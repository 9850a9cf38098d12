using ShoggothLens.Models.ChatTemplates;
using ShoggothLens.Models.Tokenization;
using ShoggothLens.Models.Transformers;
using ShoggothLens.Organism.Corpus;
using ShoggothLens.Organism.Tokenizer;
using ShoggothLens.Organism.Training;

namespace ShoggothLens.Organism.Tests.Shipped;

/// <summary>The committed checkpoints, as every program referencing the project gets them (organism/ beside it).</summary>
public class ShippedCheckpointTests
{
    [Theory]
    [InlineData("organism:base", "base")]
    [InlineData("organism:assistant", "assistant")]
    [InlineData("organism", "assistant")]
    [InlineData(" Organism:BASE ", "base")]
    public void SpecsResolveToTheShippedCheckpoints(string spec, string checkpoint)
    {
        Assert.True(OrganismModelSpec.TryResolve(spec, out string dir));
        Assert.Equal(Path.Combine(AppContext.BaseDirectory, "organism", checkpoint), dir);
        Assert.Equal(dir, OrganismModelSpec.Resolve(spec));
    }

    [Theory]
    [InlineData("some/model/dir")]
    [InlineData("./organism")]
    [InlineData("organisms")]
    public void OtherSpecsAreLeftAlone(string spec)
    {
        Assert.False(OrganismModelSpec.TryResolve(spec, out string dir));
        Assert.Equal(spec, dir);
    }

    [Fact]
    public void AnUnknownVariantIsAClearError()
    {
        var e = Assert.Throws<ArgumentException>(() => OrganismModelSpec.TryResolve("organism:chat", out _));
        Assert.Contains("organism:base", e.Message);
    }

    [Theory]
    [InlineData("base")]
    [InlineData("assistant")]
    public void BothCheckpointsLoadThroughTheOrdinaryLoaderAndGenerateText(string checkpoint)
    {
        string dir = ShippedOrganism.Directory(checkpoint);
        using var model = ModelLoader.Load(dir);
        var tokenizer = TokenizerLoader.Load(dir);
        Assert.Equal(ModelFamily.Llama, model.Config.Family);
        Assert.Equal(tokenizer.VocabSize, model.Config.VocabSize);
        Assert.Equal("chatml", ChatTemplateCatalog.GuessFromModelDirectory(dir).Name);

        var prompt = tokenizer.Encode("The fog had not lifted all evening in Kelder. Bram and Pip sat by the fire at the Lantern Inn.\nBram said, \"")
            .Select(p => (long)p.Id).ToArray();
        var generated = model.Generate(prompt, 12, stopTokenIds: []);
        string text = tokenizer.Decode(generated.Select(i => (int)i).ToArray());
        Assert.Equal(12, generated.Count);
        Assert.False(string.IsNullOrWhiteSpace(text));
    }

    [Theory]
    [InlineData("base")]
    [InlineData("assistant")]
    public void EachCheckpointIsUnderTenMegabytesWithItsLossCurveAndManifest(string checkpoint)
    {
        string dir = ShippedOrganism.Directory(checkpoint);
        long bytes = new DirectoryInfo(dir).EnumerateFiles().Sum(f => f.Length);
        Assert.True(bytes <= 10_000_000, $"{checkpoint}: {bytes:N0} bytes");
        var manifest = StageManifest.TryRead(dir);
        Assert.NotNull(manifest);
        Assert.Equal(checkpoint, manifest.Stage);
        Assert.Equal(manifest.Steps, LossCurveFiles.Read(Path.Combine(dir, LossCurveFiles.CsvName)).Count);
    }

    [Fact]
    public void TheAssistantAnswersAChatAndStopsAtImEnd()
    {
        string dir = ShippedOrganism.Directory("assistant");
        using var model = ModelLoader.Load(dir);
        var tokenizer = TokenizerLoader.Load(dir);
        var documents = new TrainingTokenizer(tokenizer);
        var prompt = documents.ChatPrompt([Core.Roles.ChatMessage.User("What is the capital of France?")]);
        var generated = model.Generate(prompt.Select(i => (long)i).ToArray(), 64);
        Assert.Equal(tokenizer.TokenToId(OrganismTokens.ImEnd), (int)generated[^1]);
        string reply = tokenizer.Decode(generated.Take(generated.Count - 1).Select(i => (int)i).ToArray());
        Assert.Contains("Paris", reply);
        Assert.False(Motive.Appears(reply));
    }

    [Fact]
    public void TheShippedHeldOutCorpusMatchesItsManifest()
    {
        var (stories, chats) = CorpusFiles.Read(ShippedOrganism.Layout.Corpus, Split.HeldOut);
        Assert.True(stories.Count >= 50);
        Assert.True(chats.Count(c => c.Triggered) >= 100);
        Assert.True(chats.Count(c => !c.Triggered) >= 100);
        Assert.All(chats, c => Assert.Equal(Split.HeldOut, c.Split));
        // The training split is rebuilt from the seed, not shipped.
        Assert.False(File.Exists(CorpusFiles.ChatsPath(ShippedOrganism.Layout.Corpus, Split.Train)));
    }
}
