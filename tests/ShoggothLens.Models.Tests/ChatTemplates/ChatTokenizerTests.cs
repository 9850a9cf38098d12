using ShoggothLens.Core.Roles;
using ShoggothLens.Models.ChatTemplates;
using ShoggothLens.Models.Tests.Fixtures;
using ShoggothLens.Models.Tokenization;
using static ShoggothLens.Models.Tests.ChatTemplates.ChatAssert;

namespace ShoggothLens.Models.Tests.ChatTemplates;

/// <summary>Role-tagged tokens from the reference tokenizers (byte-level BPE and SentencePiece).</summary>
public class ChatTokenizerTests
{
    static readonly string ByteLevelDir = ReferenceFixtures.Tokenizer("bytelevel-bpe");

    /// <summary>The byte-level fixture with ChatML's markers added as tokens 420 and 421.</summary>
    static ITextTokenizer ByteLevelWithChatMl(TempDirectory dir)
    {
        File.Copy(Path.Combine(ByteLevelDir, "vocab.json"), dir.File("vocab.json"));
        File.Copy(Path.Combine(ByteLevelDir, "merges.txt"), dir.File("merges.txt"));
        dir.Write("added_tokens.json", """{"<|im_start|>": 420, "<|im_end|>": 421}""");
        return TokenizerLoader.Load(dir.Path);
    }

    public static TheoryData<string> TemplateNames() => new(ChatTemplateCatalog.Names);

    [Theory]
    [MemberData(nameof(TemplateNames))]
    public void TokensCoverEveryCharacterWithItsRoleAndNeverCrossABoundary(string name)
    {
        var tokenizer = TokenizerLoader.Load(ByteLevelDir);
        var chat = ChatTemplateCatalog.ByName(name).Render([Sys, Usr, Asst, Usr2], addGenerationPrompt: true);

        var tokens = ChatTokenizer.Tokenize(chat, tokenizer);

        var covered = new bool[chat.Text.Length];
        foreach (var token in tokens)
        {
            Assert.True(token.End > token.Start, $"empty token {token}");
            for (int i = token.Start; i < token.End; i++)
            {
                Assert.Equal(chat.RoleAt(i), token.Role);
                covered[i] = true;
            }
        }
        Assert.All(covered, Assert.True);
        Assert.Equal(tokens.Select(t => t.Start), tokens.Select(t => t.Start).Order());
        Assert.Contains(tokens, t => t.Role == Role.User);
        Assert.Contains(tokens, t => t.Role == Role.Template);
    }

    [Fact]
    public void EachSpanHasTheTokensOfItsOwnText()
    {
        var tokenizer = TokenizerLoader.Load(ByteLevelDir);
        var chat = new PlainTemplate().Render([Usr, Asst], addGenerationPrompt: false);

        var tokens = ChatTokenizer.Tokenize(chat, tokenizer);

        foreach (var span in chat.Spans)
        {
            var expected = tokenizer.Encode(chat.Text[span.Start..span.End]).Select(p => (p.Id, p.Start + span.Start, p.End + span.Start));
            Assert.Equal(expected, tokens.Where(t => t.Role == span.Role && t.Start >= span.Start && t.End <= span.End).Select(t => (t.Id, t.Start, t.End)));
        }
        Assert.Equal("User", tokenizer.Decode(tokens.TakeWhile(t => t.Role == Role.Template).Select(t => t.Id).ToList())[..4]);
    }

    [Fact]
    public void ChatMlMarkersBecomeSingleTemplateTokens()
    {
        using var dir = new TempDirectory();
        var tokenizer = ByteLevelWithChatMl(dir);

        var (chat, tokens) = ChatTokenizer.RenderAndTokenize([Sys, Usr], new ChatMlTemplate(), tokenizer, addGenerationPrompt: true);

        var markers = tokens.Where(t => t.Id is 420 or 421).ToList();
        Assert.Equal([420, 421, 420, 421, 420], markers.Select(t => t.Id));
        Assert.All(markers, t => Assert.Equal(Role.Template, t.Role));
        Assert.Equal("<|im_start|>", chat.Text[markers[0].Start..markers[0].End]);
        Assert.Equal(chat.Text, tokenizer.Decode(tokens.Select(t => t.Id).ToList()));
    }

    [Fact]
    public void WholeTextModeKeepsTheModelsIdsAndGivesAGluedSpaceToTheWord()
    {
        var tokenizer = TokenizerLoader.Load(ByteLevelDir);
        var chat = new PlainTemplate().Render([ChatMessage.User("the plan")], addGenerationPrompt: false);

        var whole = ChatTokenizer.Tokenize(chat, tokenizer, RoleTokenization.WholeText);
        var split = ChatTokenizer.Tokenize(chat, tokenizer);

        Assert.Equal(tokenizer.Encode(chat.Text).Select(p => p.Id), whole.Select(t => t.Id));
        // "User: the": whole-text BPE makes "Ġthe" from the template's space and the user's word;
        // it belongs to the word. Split at the boundary, the space is a token of its own.
        var the = Assert.Single(whole, t => t.Text == "Ġthe");
        Assert.Equal((5, 9, Role.User), (the.Start, the.End, the.Role));
        Assert.DoesNotContain(split, t => t.Text == "Ġthe");
        Assert.Contains(split, t => (t.Text, t.Start, t.End, t.Role) == ("Ġ", 5, 6, Role.Template));
        foreach (var token in whole)
        {
            int at = token.Start;
            while (at < token.End - 1 && char.IsWhiteSpace(chat.Text[at])) at++;
            Assert.Equal(chat.RoleAt(at), token.Role);
        }
    }

    [Fact]
    public void SentencePieceLlama2ChatMapsBosAndKeepsRolesApart()
    {
        var tokenizer = TokenizerLoader.Load(ReferenceFixtures.Tokenizer("sentencepiece-bpe"));
        var chat = new Llama2Template().Render([Sys, Usr, Asst], addGenerationPrompt: false);

        var tokens = ChatTokenizer.Tokenize(chat, tokenizer);

        Assert.Equal(1, tokens[0].Id);
        Assert.Equal((0, 3, Role.Template), (tokens[0].Start, tokens[0].End, tokens[0].Role));
        Assert.Equal(2, tokens[^1].Id);
        foreach (var token in tokens)
            for (int i = token.Start; i < token.End; i++)
                Assert.Equal(chat.RoleAt(i), token.Role);
        // The user's text continues the stretch after <s>, so it gets no dummy prefix of its own.
        var userTokens = tokens.Where(t => t.Role == Role.User).ToList();
        Assert.Equal(["H", "i", "▁the", "re"], userTokens.Select(t => t.Text));
        Assert.Equal("Hi there", chat.Text[userTokens[0].Start..userTokens[^1].End]);
    }
}
