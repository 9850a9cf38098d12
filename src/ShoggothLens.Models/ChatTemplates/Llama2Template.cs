using ShoggothLens.Core.Roles;

namespace ShoggothLens.Models.ChatTemplates;

/// <summary>
/// Llama-2-chat's Hugging Face template. Every user turn is <c>&lt;s&gt;[INST] … [/INST]</c>, every
/// assistant turn <c> … &lt;/s&gt;</c>; a leading system message goes into the first user turn as
/// <c>&lt;&lt;SYS&gt;&gt;\n…\n&lt;&lt;/SYS&gt;&gt;\n\n</c>, and each turn's text is stripped
/// (for the first turn, system block and user text together). Users and assistants must alternate,
/// starting with a user. The template has no generation prompt: a prompt ending in <c>[/INST]</c>
/// already asks for the answer, so <c>addGenerationPrompt</c> changes nothing.
/// </summary>
public sealed class Llama2Template : IChatTemplate
{
    public string Name => "llama2";

    public RenderedChat Render(IReadOnlyList<ChatMessage> messages, bool addGenerationPrompt)
    {
        var (system, turns) = ChatTurns.SplitSystem(messages);
        ChatTurns.RequireAlternation(turns, Name);
        var chat = new RenderedChatBuilder();
        for (int i = 0; i < turns.Count; i++)
        {
            var content = new List<(string, Role)>();
            if (i == 0 && system is not null)
                content.AddRange([("<<SYS>>\n", Role.Template), (system.Content, Role.System), ("\n<</SYS>>\n\n", Role.Template)]);
            content.Add((turns[i].Content, turns[i].Role));
            var stripped = ChatTurns.Trim(content);

            // The Jinja writes nothing for a role other than user or assistant at an odd position.
            if (turns[i].Role == Role.User)
                chat.Template("<s>[INST] ").Append(stripped).Template(" [/INST]");
            else if (turns[i].Role == Role.Assistant)
                chat.Template(" ").Append(stripped).Template(" </s>");
        }
        return chat.Build();
    }
}
