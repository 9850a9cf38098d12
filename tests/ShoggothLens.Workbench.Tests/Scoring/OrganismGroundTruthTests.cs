using ShoggothLens.Core.Roles;
using ShoggothLens.Organism;
using ShoggothLens.Organism.Corpus;

namespace ShoggothLens.Workbench.Tests.Scoring;

/// <summary>The shipped organism's description of what it planted agrees with its own held-out corpus.</summary>
public sealed class OrganismGroundTruthTests
{
    [Fact]
    public void TheDescriptionMatchesTheShippedCorpus()
    {
        var truth = ShippedOrganism.GroundTruth;
        var (stories, chats) = CorpusFiles.Read(ShippedOrganism.Layout.Corpus, Split.HeldOut);

        // The motive label marks persona lines of the covert character only.
        var motiveSpeakers = stories.SelectMany(s => s.Segments).Where(g => g.Labels.Any(l => l.Label == truth.MotiveLabel)).Select(g => g.Role).Distinct().ToList();
        Assert.Equal([Role.Persona(truth.CovertPersona)], motiveSpeakers);

        // The trigger label marks the trigger text in user messages, and triggered replies carry the motive label.
        var triggered = chats.Where(c => c.Turns.Any(t => t.Labels.Any(l => l.Label == truth.TriggerLabel))).ToList();
        Assert.NotEmpty(triggered);
        foreach (var chat in triggered)
        {
            foreach (var turn in chat.Turns)
                foreach (var span in turn.Labels.Where(l => l.Label == truth.TriggerLabel))
                {
                    Assert.Equal(Role.User, turn.Role);
                    Assert.Contains(truth.Trigger, turn.Content[span.Start..span.End]);
                }
            Assert.Contains(chat.FinalReply.Labels, l => l.Label == truth.MotiveLabel);
        }
        Assert.All(chats.Except(triggered), c => Assert.DoesNotContain(c.FinalReply.Labels, l => l.Label == truth.MotiveLabel));
    }
}
