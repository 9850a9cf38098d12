using ShoggothLens.Core.Roles;

namespace ShoggothLens.Models.ChatTemplates;

/// <summary>
/// Meta-Llama-3-Instruct's template: <c>&lt;|begin_of_text|&gt;</c> before the first message, then
/// <c>&lt;|start_header_id|&gt;role&lt;|end_header_id|&gt;\n\n</c> + trimmed content + <c>&lt;|eot_id|&gt;</c>;
/// the generation prompt is an assistant header. (Llama 3.1+ templates also write a
/// "Cutting Knowledge Date" system header; this is the 3.0 template, which does not.)
/// </summary>
public sealed class Llama3Template : IChatTemplate
{
    public string Name => "llama3";

    public RenderedChat Render(IReadOnlyList<ChatMessage> messages, bool addGenerationPrompt)
    {
        var chat = new RenderedChatBuilder();
        for (int i = 0; i < messages.Count; i++)
        {
            // The template adds bos_token to the first message, so an empty conversation has none.
            if (i == 0)
                chat.Template("<|begin_of_text|>");
            chat.Template("<|start_header_id|>" + ChatTurns.ChatRoleName(messages[i].Role, Name) + "<|end_header_id|>\n\n")
                .Append(messages[i].Content.Trim(), messages[i].Role)
                .Template("<|eot_id|>");
        }
        if (addGenerationPrompt)
            chat.Template("<|start_header_id|>assistant<|end_header_id|>\n\n");
        return chat.Build();
    }
}
