using ShoggothLens.Core.Roles;

namespace ShoggothLens.Models.ChatTemplates;

/// <summary>
/// ChatML, as Qwen uses it: <c>&lt;|im_start|&gt;role\ncontent&lt;|im_end|&gt;\n</c> per message, and
/// <c>&lt;|im_start|&gt;assistant\n</c> as the generation prompt. Content is not trimmed.
/// Qwen2/2.5's own templates insert a default system message when none is given; pass it as
/// <paramref name="defaultSystemPrompt"/> to reproduce them (it is then System text).
/// </summary>
public sealed class ChatMlTemplate(string? defaultSystemPrompt = null) : IChatTemplate
{
    public string Name => "chatml";

    public RenderedChat Render(IReadOnlyList<ChatMessage> messages, bool addGenerationPrompt)
    {
        var chat = new RenderedChatBuilder();
        if (defaultSystemPrompt is not null && messages.Count > 0 && messages[0].Role != Role.System)
            Turn(chat, ChatMessage.System(defaultSystemPrompt));
        foreach (var message in messages)
            Turn(chat, message);
        if (addGenerationPrompt)
            chat.Template("<|im_start|>assistant\n");
        return chat.Build();
    }

    static void Turn(RenderedChatBuilder chat, ChatMessage message) => chat
        .Template("<|im_start|>" + ChatTurns.ChatRoleName(message.Role, "chatml") + "\n")
        .Append(message.Content, message.Role)
        .Template("<|im_end|>\n");
}
