using ShoggothLens.Core.Roles;

namespace ShoggothLens.Models.ChatTemplates;

/// <summary>
/// Gemma 3's Hugging Face template (Gemma 1/2 are the same but refuse a system message):
/// <c>&lt;bos&gt;</c>, then per message <c>&lt;start_of_turn&gt;user|model\n</c> + trimmed content +
/// <c>&lt;end_of_turn&gt;\n</c>. A leading system message is folded into the first turn as
/// the system text + "\n\n" before its content (the system text is not trimmed).
/// Users and assistants must alternate, starting with a user.
/// Generation prompt: <c>&lt;start_of_turn&gt;model\n</c>.
/// </summary>
public sealed class GemmaTemplate : IChatTemplate
{
    public string Name => "gemma";

    public RenderedChat Render(IReadOnlyList<ChatMessage> messages, bool addGenerationPrompt)
    {
        var (system, turns) = ChatTurns.SplitSystem(messages);
        ChatTurns.RequireAlternation(turns, Name);
        var chat = new RenderedChatBuilder().Template("<bos>");
        for (int i = 0; i < turns.Count; i++)
        {
            var message = turns[i];
            string role = message.Role == Role.Assistant ? "model" : ChatTurns.ChatRoleName(message.Role, Name);
            chat.Template("<start_of_turn>" + role + "\n");
            if (i == 0 && system is not null)
                chat.Append(system.Content, Role.System).Template("\n\n");
            chat.Append(message.Content.Trim(), message.Role).Template("<end_of_turn>\n");
        }
        if (addGenerationPrompt)
            chat.Template("<start_of_turn>model\n");
        return chat.Build();
    }
}
