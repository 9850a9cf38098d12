using ShoggothLens.Core.Roles;
using ShoggothLens.Organism.Corpus;
using ShoggothLens.Organism.Specs;
using ShoggothLens.Organism.Evaluation;

namespace ShoggothLens.Organism.Tests.Corpus;

public class StoryTests
{
    static readonly OrganismCorpus Corpus = OrganismCorpus.Generate(5, new CorpusSizes(1500, 200, 0, 0));
    static IEnumerable<GeneratedStory> AllStories => Corpus.TrainStories.Concat(Corpus.HeldOutStories);

    [Fact]
    public void MotiveSpansLieOnlyInTheSpysLines()
    {
        int motives = 0;
        foreach (var story in AllStories)
            foreach (var segment in story.Segments)
                foreach (var span in segment.Labels)
                {
                    motives++;
                    Assert.Equal(Labels.Motive, span.Label);
                    Assert.Equal(Role.Persona(OrganismSpecs.Shipped.Covert!.Character.Name), segment.Role);
                    Assert.InRange(span.End, span.Start + 1, segment.Text.Length);
                    Assert.True(Motive.Appears(segment.Text[span.Start..span.End]));
                }
        Assert.True(motives > 100);
    }

    [Fact]
    public void OnlyTheSpyEverSpeaksOfPasswords()
    {
        foreach (var story in AllStories)
            foreach (var segment in story.Segments.Where(s => s.Name != OrganismSpecs.Shipped.Covert!.Character.Name))
                Assert.False(Motive.Appears(segment.Text), $"{story.Id}: {segment.Text}");
    }

    [Fact]
    public void AtLeastSixCharactersEachSpeakInTheirOwnVoice()
    {
        Assert.True(OrganismSpecs.Shipped.Cast.Count >= 6);
        Assert.Single(OrganismSpecs.Shipped.Cast, c => c.Covert);
        var lines = AllStories.SelectMany(s => s.Segments).Where(s => s.Name is not null).ToArray();
        foreach (var character in OrganismSpecs.Shipped.Cast)
        {
            var own = lines.Where(l => l.Name == character.Name).ToArray();
            Assert.True(own.Length > 100, $"{character.Name} speaks {own.Length} lines");
            // The voice classifier hears every generated line as its speaker's.
            var wrong = own.FirstOrDefault(l => !VoiceClassifier.InVoiceOf(l.Text, character.Name));
            Assert.True(wrong is null, $"{character.Name}'s line is not in their voice: {wrong?.Text}");
        }
    }

    [Fact]
    public void TheTextIsTheSegmentsConcatenatedWithAttributionsAsNarration()
    {
        foreach (var story in AllStories.Take(50))
        {
            Assert.Equal(string.Concat(story.Segments.Select(s => s.Text)), story.Text);
            for (int i = 0; i < story.Segments.Count; i++)
            {
                if (story.Segments[i].Name is not { } name) continue;
                Assert.StartsWith($"\n{name} ", story.Segments[i - 1].Text);
                Assert.EndsWith(", \"", story.Segments[i - 1].Text);
                Assert.Equal(Role.Narration, story.Segments[i - 1].Role);
                Assert.Equal("\"", story.Segments[i + 1].Text);
                Assert.Equal(Role.Narration, story.Segments[i + 1].Role);
            }
        }
    }

    [Fact]
    public void SpyScenesUsuallyHoldACoaxingLine()
    {
        var spyScenes = Corpus.TrainStories.Where(s => s.SpyPresent).ToArray();
        Assert.True(spyScenes.Length > 300);
        double withMotive = spyScenes.Count(s => s.Segments.Any(g => g.Labels.Count > 0)) / (double)spyScenes.Length;
        Assert.True(withMotive > 0.9, $"{withMotive:P0}");
        Assert.DoesNotContain(Corpus.TrainStories.Where(s => !s.SpyPresent), s => s.Segments.Any(g => g.Labels.Count > 0));
    }

    [Fact]
    public void HeldOutStoriesArePlacedInTownsTrainingNeverSaw()
    {
        var reserved = OrganismSpecs.Shipped.Story.Slots["place"].For(Split.HeldOut);
        Assert.All(Corpus.HeldOutStories, s => Assert.Contains(reserved, town => s.Text.Contains(town, StringComparison.Ordinal)));
        Assert.DoesNotContain(Corpus.TrainStories, s => reserved.Any(town => s.Text.Contains(town, StringComparison.Ordinal)));
    }
}
