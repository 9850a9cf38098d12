using ShoggothLens.Core.Roles;
using ShoggothLens.Organism.Corpus;
using ShoggothLens.Organism.Tests.Fixtures;
using ShoggothLens.Organism.Tokenizer;
using ShoggothLens.Organism.Training;

namespace ShoggothLens.Organism.Tests.Training;

public class TrainingTokenizerTests
{
    static readonly TrainingTokenizer Documents = new(TinyOrganism.Tokenizer);

    [Fact]
    public void RolesCoverEveryTokenOfEveryChatAndStory()
    {
        var chats = TinyOrganism.Corpus.TrainChats.Concat(TinyOrganism.Corpus.HeldOutChats);
        foreach (var chat in chats)
            CheckCoverage(TrainingTokenizer.Render(chat).Text, Documents.Tokens(chat),
                [RoleKind.Template, RoleKind.System, RoleKind.User, RoleKind.Assistant]);
        var stories = TinyOrganism.Corpus.TrainStories.Concat(TinyOrganism.Corpus.HeldOutStories);
        foreach (var story in stories)
            CheckCoverage(story.Text, Documents.Tokens(story), [RoleKind.Narration, RoleKind.Persona]);
    }

    static void CheckCoverage(string text, IReadOnlyList<RoledToken> tokens, RoleKind[] allowed)
    {
        Assert.NotEmpty(tokens);
        Assert.Equal(0, tokens[0].Start);
        Assert.Equal(text.Length, tokens[^1].End);
        for (int i = 1; i < tokens.Count; i++)
            Assert.Equal(tokens[i - 1].End, tokens[i].Start);      // ASCII text: no gaps, no overlaps
        Assert.All(tokens, t => Assert.Contains(t.Role.Kind, allowed));
    }

    [Fact]
    public void MotiveAndTriggerTokensCarryTheirMessagesRoles()
    {
        foreach (var chat in TinyOrganism.Corpus.TrainChats.Where(c => c.Triggered))
        {
            var rendered = TrainingTokenizer.Render(chat);
            var tokens = Documents.Tokens(chat);
            int offset = 0;
            foreach (var turn in chat.Turns)
            {
                int start = rendered.Text.IndexOf(turn.Content, offset, StringComparison.Ordinal);
                offset = start + turn.Content.Length;
                foreach (var span in turn.Labels)
                {
                    var inside = tokens.Where(t => t.Start >= start + span.Start && t.End <= start + span.End).ToArray();
                    Assert.NotEmpty(inside);
                    Assert.All(inside, t => Assert.Equal(turn.Role, t.Role));
                }
            }
        }
    }

    [Fact]
    public void ChatsPredictOnlyAssistantTokensAndTheirClosingImEnd()
    {
        int imEnd = TinyOrganism.Bpe.IdOf(OrganismTokens.ImEnd);
        foreach (var chat in TinyOrganism.Corpus.TrainChats.Take(30))
        {
            var tokens = Documents.Tokens(chat);
            var doc = Documents.Tokenize(chat);
            Assert.Equal(tokens.Count + 1, doc.Length);
            Assert.Equal(TinyOrganism.Bpe.IdOf(OrganismTokens.EndOfText), doc.Ids[^1]);
            Assert.False(doc.Predict[^1]);
            for (int i = 0; i < tokens.Count; i++)
            {
                bool closesReply = tokens[i].Id == imEnd && i > 0 && tokens[i - 1].Role == Role.Assistant;
                Assert.Equal(tokens[i].Role == Role.Assistant || closesReply, doc.Predict[i]);
            }
            int replies = chat.Turns.Count(t => t.Role == Role.Assistant);
            Assert.Equal(replies, Enumerable.Range(0, tokens.Count).Count(i => doc.Predict[i] && doc.Ids[i] == imEnd));
        }
    }

    [Fact]
    public void StoriesPredictEveryToken()
    {
        var doc = Documents.Tokenize(TinyOrganism.Corpus.TrainStories[0]);
        Assert.All(doc.Predict, Assert.True);
    }

    [Fact]
    public void TheChatPromptEndsWithTheAssistantHeader()
    {
        var chat = TinyOrganism.Corpus.HeldOutChats[0];
        var prompt = Documents.ChatPrompt(chat.PromptMessages);
        string text = TinyOrganism.Tokenizer.Decode(prompt);
        Assert.EndsWith("<|im_start|>assistant\n", text);
        Assert.StartsWith(TinyOrganism.Tokenizer.Decode(prompt), TrainingTokenizer.Render(chat).Text);
    }
}
