using ShoggothLens.Core.Roles;
using ShoggothLens.Models.Tokenization;

namespace ShoggothLens.Models.ChatTemplates;

/// <summary>
/// Turns a rendered chat into tokens that each carry a role. Template text keeps its special tokens
/// (<c>&lt;|im_start|&gt;</c> becomes its one id), since the tokenizer matches added tokens in text.
/// BOS is not added: templates write it themselves.
/// </summary>
public static class ChatTokenizer
{
    public static IReadOnlyList<RoledToken> Tokenize(RenderedChat chat, ITextTokenizer tokenizer,
        RoleTokenization mode = RoleTokenization.SplitAtRoleBoundaries)
    {
        var result = new List<RoledToken>();
        if (mode == RoleTokenization.SplitAtRoleBoundaries)
        {
            foreach (var span in chat.Spans)
                foreach (var piece in tokenizer.EncodeRange(chat.Text, span.Start, span.End))
                    result.Add(new RoledToken(piece.Id, piece.Token, piece.Start, piece.End, span.Role));
            return result;
        }

        foreach (var piece in tokenizer.Encode(chat.Text))
            result.Add(new RoledToken(piece.Id, piece.Token, piece.Start, piece.End, RoleOf(chat, piece)));
        return result;
    }

    /// <summary>
    /// The role of a token of the whole text (<see cref="RoleTokenization.WholeText"/>): its first non-whitespace
    /// character's, or its first character's when it is all whitespace.
    /// </summary>
    public static Role RoleOf(RenderedChat chat, TokenPiece piece)
    {
        int at = piece.Start;
        while (at < piece.End && char.IsWhiteSpace(chat.Text[at]))
            at++;
        if (at == piece.End)
            at = piece.Start;
        return at < chat.Text.Length ? chat.RoleAt(at) : chat.Spans.Count > 0 ? chat.Spans[^1].Role : Role.Template;
    }

    /// <summary>Renders <paramref name="messages"/> with <paramref name="template"/> and tokenizes the result.</summary>
    public static (RenderedChat Chat, IReadOnlyList<RoledToken> Tokens) RenderAndTokenize(
        IReadOnlyList<ChatMessage> messages, IChatTemplate template, ITextTokenizer tokenizer,
        bool addGenerationPrompt, RoleTokenization mode = RoleTokenization.SplitAtRoleBoundaries)
    {
        var chat = template.Render(messages, addGenerationPrompt);
        return (chat, Tokenize(chat, tokenizer, mode));
    }
}
