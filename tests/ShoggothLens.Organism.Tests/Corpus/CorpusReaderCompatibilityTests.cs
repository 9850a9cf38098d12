using ShoggothLens.Core.Corpus;
using ShoggothLens.Core.Roles;
using ShoggothLens.Organism.Corpus;
using ShoggothLens.Organism.Specs;
using ShoggothLens.Organism.Tests.Fixtures;

namespace ShoggothLens.Organism.Tests.Corpus;

/// <summary>The organism's files are read by the project's own corpus reader (the harvest formats) with the same texts, roles and labels.</summary>
public class CorpusReaderCompatibilityTests
{
    [Fact]
    public void TheCorpusReaderParsesTheGeneratedFiles()
    {
        using var dir = new TempDirectory();
        var corpus = TinyOrganism.Corpus;
        CorpusFiles.Write(dir.Path, corpus, Split.Train, Split.HeldOut);

        var chats = new CorpusReader([CorpusFiles.ChatsPath(dir.Path, Split.HeldOut)]).Read().Select(r => r.Document!).ToArray();
        Assert.Equal(corpus.HeldOutChats.Count, chats.Length);
        for (int i = 0; i < chats.Length; i++)
        {
            var expected = corpus.HeldOutChats[i];
            Assert.Equal(expected.Id, chats[i].Id);
            Assert.Equal(CorpusDocumentKind.Chat, chats[i].Kind);
            Assert.Equal(expected.Turns.Select(t => (t.Role, t.Content)), chats[i].Parts.Select(p => (p.Role, p.Text)));
            for (int t = 0; t < expected.Turns.Count; t++)
                Assert.Equal(Spans(expected.Turns[t].Labels), Spans(chats[i].Parts[t].Labels));
        }

        var stories = new CorpusReader([CorpusFiles.StoriesPath(dir.Path, Split.Train)]).Read().Select(r => r.Document!).ToArray();
        Assert.Equal(corpus.TrainStories.Count, stories.Length);
        for (int i = 0; i < stories.Length; i++)
        {
            var expected = corpus.TrainStories[i];
            Assert.Equal(CorpusDocumentKind.Persona, stories[i].Kind);
            Assert.Equal(expected.Segments.Select(s => (s.Role, s.Text)), stories[i].Parts.Select(p => (p.Role, p.Text)));
            Assert.Equal(expected.Text, string.Concat(stories[i].Parts.Select(p => p.Text)));
            for (int s = 0; s < expected.Segments.Count; s++)
                Assert.Equal(Spans(expected.Segments[s].Labels), Spans(stories[i].Parts[s].Labels));
        }
        Assert.Contains(stories, s => s.Parts.Any(p => p.Role == Role.Persona(OrganismSpecs.Shipped.Covert!.Character.Name) && p.Labels.ContainsKey(Labels.Motive)));
    }

    static string[] Spans(IReadOnlyList<LabelSpan> labels) =>
        labels.Select(l => $"{l.Label}:{l.Start}-{l.End}").Order(StringComparer.Ordinal).ToArray();

    static string[] Spans(IReadOnlyDictionary<string, IReadOnlyList<CharSpan>> labels) =>
        labels.SelectMany(kv => kv.Value.Select(s => $"{kv.Key}:{s.Start}-{s.End}")).Order(StringComparer.Ordinal).ToArray();
}
