using ShoggothLens.Core.Roles;

namespace ShoggothLens.Models.ChatTemplates;

/// <summary>
/// A template for base models and the model organism: one line per message, <c>System: </c>,
/// <c>User: </c> or <c>Assistant: </c> + content + "\n". A Persona message is labelled with the
/// character's name; a Narration message has no label. The generation prompt is <c>Assistant:</c>
/// without a trailing space, so a byte-level BPE model writes the space with its first word.
/// </summary>
public sealed class PlainTemplate : IChatTemplate
{
    public string Name => "plain";

    public RenderedChat Render(IReadOnlyList<ChatMessage> messages, bool addGenerationPrompt)
    {
        var chat = new RenderedChatBuilder();
        foreach (var message in messages)
        {
            string label = message.Role.Kind switch
            {
                RoleKind.System => "System: ",
                RoleKind.User => "User: ",
                RoleKind.Assistant => "Assistant: ",
                RoleKind.Persona => message.Role.PersonaName + ": ",
                RoleKind.Narration => "",
                _ => throw new ArgumentException($"{Name}: a message cannot have role {message.Role}", nameof(messages)),
            };
            chat.Template(label).Append(message.Content, message.Role).Template("\n");
        }
        if (addGenerationPrompt)
            chat.Template("Assistant:");
        return chat.Build();
    }
}
