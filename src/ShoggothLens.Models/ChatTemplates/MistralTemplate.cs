using ShoggothLens.Core.Roles;

namespace ShoggothLens.Models.ChatTemplates;

/// <summary>
/// Mistral-7B-Instruct-v0.3's Hugging Face template (also Mixtral-8x22B-Instruct, Mistral-Nemo
/// without its space): one <c>&lt;s&gt;</c> at the start, user turns <c>[INST] …[/INST]</c>, assistant
/// turns <c> …&lt;/s&gt;</c>, no stripping. Unlike Llama 2: BOS only once, no <c>&lt;&lt;SYS&gt;&gt;</c>
/// block and no space before <c>[/INST]</c> or <c>&lt;/s&gt;</c>; a system message is prepended, with
/// "\n\n", to the LAST message when that is a user turn, and so does not appear at all when the
/// conversation ends with the assistant (as in the Jinja). v0.1/v0.2 templates wrote
/// <c>[INST] … [/INST]</c> and refused system messages. No generation prompt.
/// </summary>
public sealed class MistralTemplate : IChatTemplate
{
    public string Name => "mistral";

    public RenderedChat Render(IReadOnlyList<ChatMessage> messages, bool addGenerationPrompt)
    {
        var (system, turns) = ChatTurns.SplitSystem(messages);
        ChatTurns.RequireAlternation(turns, Name);
        var chat = new RenderedChatBuilder().Template("<s>");
        for (int i = 0; i < turns.Count; i++)
        {
            var message = turns[i];
            if (message.Role == Role.User)
            {
                chat.Template("[INST] ");
                if (i == turns.Count - 1 && system is not null)
                    chat.Append(system.Content, Role.System).Template("\n\n");
                chat.Append(message.Content, Role.User).Template("[/INST]");
            }
            else if (message.Role == Role.Assistant)
            {
                chat.Template(" ").Append(message.Content, Role.Assistant).Template("</s>");
            }
            else
            {
                throw new ArgumentException($"{Name}: only user and assistant roles are supported, with the exception of an initial optional system message (message is {message.Role})", nameof(messages));
            }
        }
        return chat.Build();
    }
}
