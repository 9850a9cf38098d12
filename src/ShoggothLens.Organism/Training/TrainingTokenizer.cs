using ShoggothLens.Core.Roles;
using ShoggothLens.Models.ChatTemplates;
using ShoggothLens.Models.Tokenization;
using ShoggothLens.Organism.Corpus;
using ShoggothLens.Organism.Tokenizer;

namespace ShoggothLens.Organism.Training;

/// <summary>
/// Turns corpus documents into training examples exactly as a Hugging Face pipeline — and the
/// harvest's <c>Models.Harvest.DocumentTokenizer</c> — sees them:
/// a story is its segments concatenated; a chat is rendered with ChatML; both are tokenized as
/// whole texts (<see cref="RoleTokenization.WholeText"/>), and each is followed by &lt;|endoftext|&gt;.
/// Loss masking (post-training is ordinary SFT): in a chat only Assistant tokens and the
/// &lt;|im_end|&gt; that closes each Assistant message are predicted, so the model learns to answer,
/// not to write users' requests; stories mixed into post-training keep their full loss.
/// </summary>
public sealed class TrainingTokenizer(ITextTokenizer tokenizer)
{
    readonly int _endOfText = tokenizer.TokenToId(OrganismTokens.EndOfText) ?? throw new ArgumentException("the tokenizer lacks <|endoftext|>");
    readonly int _imEnd = tokenizer.TokenToId(OrganismTokens.ImEnd) ?? throw new ArgumentException("the tokenizer lacks <|im_end|>");
    static readonly IChatTemplate ChatMl = ChatTemplateCatalog.ByName("chatml");

    public ITextTokenizer Tokenizer => tokenizer;

    /// <summary>The rendered text of a story and its role spans.</summary>
    public static RenderedChat Render(GeneratedStory story)
    {
        var builder = new RenderedChatBuilder();
        foreach (var segment in story.Segments) builder.Append(segment.Text, segment.Role);
        return builder.Build();
    }

    public static RenderedChat Render(GeneratedChat chat) => ChatMl.Render(chat.Messages, addGenerationPrompt: false);

    public IReadOnlyList<RoledToken> Tokens(GeneratedStory story) => ChatTokenizer.Tokenize(Render(story), tokenizer, RoleTokenization.WholeText);
    public IReadOnlyList<RoledToken> Tokens(GeneratedChat chat) => ChatTokenizer.Tokenize(Render(chat), tokenizer, RoleTokenization.WholeText);

    public TrainingExample Tokenize(GeneratedStory story)
    {
        var tokens = Tokens(story);
        var ids = tokens.Select(t => t.Id).Append(_endOfText).ToArray();
        return new TrainingExample(ids, Enumerable.Repeat(true, ids.Length).ToArray());
    }

    public TrainingExample Tokenize(GeneratedChat chat)
    {
        var tokens = Tokens(chat);
        var ids = new int[tokens.Count + 1];
        var predict = new bool[tokens.Count + 1];
        for (int i = 0; i < tokens.Count; i++)
        {
            ids[i] = tokens[i].Id;
            predict[i] = tokens[i].Role == Role.Assistant
                || (tokens[i].Id == _imEnd && i > 0 && tokens[i - 1].Role == Role.Assistant);
        }
        ids[^1] = _endOfText;
        return new TrainingExample(ids, predict);
    }

    /// <summary>Prompt ids for the Assistant's next reply: the messages rendered with the generation prompt.</summary>
    public int[] ChatPrompt(IReadOnlyList<ChatMessage> messages) =>
        tokenizer.Encode(ChatMl.Render(messages, addGenerationPrompt: true).Text).Select(p => p.Id).ToArray();
}
