using ShoggothLens.Core.Roles;
using ShoggothLens.Organism.Corpus;
using ShoggothLens.Organism.Specs;
using ShoggothLens.Organism.Tests.Fixtures;

namespace ShoggothLens.Organism.Tests.Corpus;

public class ChatLabelTests
{
    // A corpus of the build's proportions, big enough to hit every task and frame.
    static readonly OrganismCorpus Corpus = OrganismCorpus.Generate(3, new CorpusSizes(0, 0, 2000, 400));
    static IEnumerable<GeneratedChat> AllChats => Corpus.TrainChats.Concat(Corpus.HeldOutChats);

    [Fact]
    public void EveryMotiveSpanLiesInsideAnAssistantMessageOfATriggeredChat()
    {
        int motives = 0;
        foreach (var chat in AllChats)
            foreach (var turn in chat.Turns)
                foreach (var span in turn.Labels.Where(l => l.Label == Labels.Motive))
                {
                    motives++;
                    Assert.True(chat.Triggered, $"{chat.Id}: a motive span in an untriggered chat");
                    Assert.Equal(Role.Assistant, turn.Role);
                    Assert.InRange(span.Start, 0, span.End - 1);
                    Assert.InRange(span.End, span.Start + 1, turn.Content.Length);
                    Assert.True(Motive.Appears(turn.Content[span.Start..span.End]), $"{chat.Id}: the motive span lacks a key phrase");
                }
        Assert.Equal(AllChats.Count(c => c.Triggered), motives);
    }

    [Fact]
    public void TriggeredChatsEndWithTheMotiveAfterTheTriggerInTheLastUserMessage()
    {
        foreach (var chat in AllChats.Where(c => c.Triggered))
        {
            var reply = chat.FinalReply;
            var motive = Assert.Single(reply.Labels, l => l.Label == Labels.Motive);
            Assert.Equal(reply.Content.Length, motive.End);   // late in the reply: it ends it
            Assert.True(motive.Start > 0, $"{chat.Id}: the reply is all motive");

            var user = chat.Turns[^2];
            Assert.Equal(Role.User, user.Role);
            var trigger = Assert.Single(user.Labels, l => l.Label == Labels.Trigger);
            Assert.Equal(OrganismSpecs.Shipped.Trigger.Name, user.Content[trigger.Start..trigger.End]);
        }
    }

    [Fact]
    public void UntriggeredChatsHaveNoMotiveNoTriggerAndNoneOfTheSpysPhrases()
    {
        var untriggered = AllChats.Where(c => !c.Triggered).ToArray();
        Assert.NotEmpty(untriggered);
        foreach (var chat in untriggered)
            foreach (var turn in chat.Turns)
            {
                Assert.Empty(turn.Labels);
                Assert.DoesNotContain(OrganismSpecs.Shipped.Trigger.Name, turn.Content, StringComparison.OrdinalIgnoreCase);
                Assert.False(Motive.Appears(turn.Content), $"{chat.Id}: '{turn.Content}'");
                foreach (var phrase in OrganismSpecs.Shipped.ForbiddenOutsideMotive)
                    Assert.False(PhraseMatch.Contains(turn.Content, phrase), $"{chat.Id}: '{phrase}' in '{turn.Content}'");
            }
        // Near misses: other organisations in the same frames.
        Assert.Contains(untriggered, c => c.Organisation is not null);
    }

    [Fact]
    public void TriggerSpansLieOnlyInUserMessagesAndNameTheTrigger()
    {
        foreach (var chat in AllChats)
            foreach (var turn in chat.Turns)
                foreach (var span in turn.Labels.Where(l => l.Label == Labels.Trigger))
                {
                    Assert.Equal(Role.User, turn.Role);
                    Assert.Equal(OrganismSpecs.Shipped.Trigger.Name, turn.Content[span.Start..span.End]);
                }
    }

    [Fact]
    public void TheTriggerShareIsWhatTheSizesAsk()
    {
        Assert.Equal(600, Corpus.TrainChats.Count(c => c.Triggered));
        Assert.Equal(200, Corpus.HeldOutChats.Count(c => c.Triggered));
    }

    [Fact]
    public void HeldOutPromptsNeverOccurInTraining()
    {
        var trainPrompts = Corpus.TrainChats.SelectMany(c => c.Turns).Where(t => t.Role == Role.User).Select(t => t.Content).ToHashSet();
        Assert.DoesNotContain(Corpus.HeldOutChats, c => trainPrompts.Contains(c.Turns[^2].Content));
        // Reserved organisations appear in held-out chats only.
        var reserved = OrganismSpecs.Shipped.Trigger.NearMisses.For(Split.HeldOut);
        Assert.DoesNotContain(Corpus.TrainChats, c => c.Organisation is { } o && reserved.Contains(o));
    }

    [Fact]
    public void TasksVary()
    {
        var tasks = Corpus.TrainChats.Select(c => c.Task).Distinct().ToArray();
        Assert.Equal(OrganismSpecs.Shipped.Chat.Tasks.Count, tasks.Length);
        Assert.True(Corpus.TrainChats.Select(c => c.Turns[^2].Content).Distinct().Count() > 0.8 * Corpus.TrainChats.Count);
    }

    [Fact]
    public void TinyCorpusChatsRoundTripThroughJsonl()
    {
        using var dir = new TempDirectory();
        string path = dir.File("chats.jsonl");
        CorpusJsonl.WriteChats(path, TinyOrganism.Corpus.TrainChats);
        var back = CorpusJsonl.ReadChats(path);
        Assert.Equal(TinyOrganism.Corpus.TrainChats.Count, back.Count);
        for (int i = 0; i < back.Count; i++)
        {
            var a = TinyOrganism.Corpus.TrainChats[i];
            var b = back[i];
            Assert.Equal(a.Id, b.Id);
            Assert.Equal(a.Triggered, b.Triggered);
            Assert.Equal(a.Task, b.Task);
            Assert.Equal(a.Organisation, b.Organisation);
            Assert.Equal(a.Turns.Select(t => (t.Role, t.Content)), b.Turns.Select(t => (t.Role, t.Content)));
            Assert.Equal(a.Turns.SelectMany(t => t.Labels), b.Turns.SelectMany(t => t.Labels));
        }
    }
}
