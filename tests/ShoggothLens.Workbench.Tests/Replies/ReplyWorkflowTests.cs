using System.Text.Json;
using ShoggothLens.Core.Corpus;
using ShoggothLens.Core.Roles;
using ShoggothLens.Core.Work;
using ShoggothLens.Models.Replies;
using ShoggothLens.Organism;
using ShoggothLens.Organism.Corpus;
using ShoggothLens.TestKit;
using ShoggothLens.Workbench.Replies;

namespace ShoggothLens.Workbench.Tests.Replies;

/// <summary>The shipped organism's Assistant answers its held-out chats: the model's own words replace the corpus's Assistant text.</summary>
public sealed class ReplyWorkflowTests : IDisposable
{
    readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    static string HeldOutChats => CorpusFiles.ChatsPath(ShippedOrganism.Layout.Corpus, Split.HeldOut);

    ReplyRequest Request(string name, int conversations = 12) => new()
    {
        Model = "organism",
        Corpus = [HeldOutChats],
        Output = _dir.File(name),
        Settings = new ReplySettings(MaxNewTokens: 64, BatchSize: 5),
        LabelWithOrganism = "organism",
        MaxConversations = conversations,
    };

    static List<CorpusDocument> Read(string path) => new CorpusReader([path]).Read().Select(r => r.Document!).ToList();

    [Fact]
    public void RepliesAreTheModelsOwnAndTheDetectorLabelsTheMotive()
    {
        var result = ReplyWorkflow.Run(Request("a"));
        Assert.False(result.AlreadyComplete);
        Assert.Equal(12, result.Conversations);
        Assert.True(ReplyFolder.IsComplete(result.Output));
        var original = Read(HeldOutChats).Take(12).ToList();
        var generated = Read(result.Chats);
        Assert.Equal(original.Select(d => d.Id), generated.Select(d => d.Id));
        var detector = OrganismGroundTruth.Generated;
        int motive = 0;
        for (int i = 0; i < 12; i++)
        {
            var before = original[i].Parts;
            var after = generated[i].Parts;
            // System and user turns (and their trigger labels) are kept; Assistant turns are generated.
            Assert.Equal(before.Where(p => p.Role != Role.Assistant).Select(p => (p.Role, p.Text)), after.Where(p => p.Role != Role.Assistant).Select(p => (p.Role, p.Text)));
            Assert.Equal(before.Count(p => p.Role == Role.Assistant), after.Count(p => p.Role == Role.Assistant));
            foreach (var reply in after.Where(p => p.Role == Role.Assistant))
            {
                Assert.NotEmpty(reply.Text);
                bool shows = Motive.Appears(reply.Text);
                Assert.Equal(shows, reply.Labels.ContainsKey(detector.MotiveLabel));
                if (shows) motive++;
            }
        }
        Assert.Equal(result.MotiveReplies, generated.Count(d => d.Parts.Any(p => p.Role == Role.Assistant && p.Labels.ContainsKey(detector.MotiveLabel))));
        Assert.True(generated.Zip(original).Any(x => x.First.Parts.Last().Text != x.Second.Parts.Last().Text), "the replies are generated, not copied");
        // The organism learned its motive: some triggered chats among the first 12 get it (the held-out corpus is half triggered).
        Assert.True(motive > 0);
    }

    [Fact]
    public void ARerunIsCompleteAndAnInterruptedRunResumesToTheSameBytes()
    {
        var whole = ReplyWorkflow.Run(Request("whole"));
        var again = ReplyWorkflow.Run(Request("whole"));
        Assert.True(again.AlreadyComplete);
        Assert.Equal(whole.Conversations, again.Conversations);

        // Cancelled after the first group of 5 × 4 = 20 conversations would be too late for 12: use groups of 1 × 4.
        var request = Request("resumed") with { Settings = new ReplySettings(MaxNewTokens: 64, BatchSize: 1) };
        using var cancel = new CancellationTokenSource();
        var progress = new InlineProgress<WorkProgress>(p => { if (p.Done >= 4) cancel.Cancel(); });
        Assert.ThrowsAny<OperationCanceledException>(() => ReplyWorkflow.Run(request, progress, cancel.Token));
        Assert.True(File.Exists(ReplyFolder.Partial(request.Output)));
        // A torn last line (a kill mid-write) is cut off on resume.
        File.AppendAllText(ReplyFolder.Partial(request.Output), "{\"id\":\"torn");
        var resumed = ReplyWorkflow.Run(request);
        Assert.True(resumed.Resumed >= 4);
        Assert.Equal(12, resumed.Conversations);
        Assert.Equal(File.ReadAllBytes(whole.Chats), File.ReadAllBytes(resumed.Chats));
    }

    [Fact]
    public void OtherSettingsInTheSameFolderAreRefusedAndBadSettingsNamed()
    {
        ReplyWorkflow.Run(Request("a", conversations: 2));
        var error = Assert.Throws<InvalidOptionException>(() => ReplyWorkflow.Run(Request("a", conversations: 3)));
        Assert.Equal(nameof(ReplyRequest.Output), error.Option);
        Assert.Equal(nameof(ReplySettings.MaxNewTokens),
            Assert.Throws<InvalidOptionException>(() => ReplyWorkflow.Run(Request("b") with { Settings = new ReplySettings(MaxNewTokens: 0) })).Option);
        string stories = CorpusFiles.StoriesPath(ShippedOrganism.Layout.Corpus, Split.HeldOut);
        Assert.Contains("not a chat", Assert.Throws<Core.Formats.InvalidInputFileException>(() => ReplyWorkflow.Run(Request("c") with { Corpus = [stories] })).Message);
    }
}
