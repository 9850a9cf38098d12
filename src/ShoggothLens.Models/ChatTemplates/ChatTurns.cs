using ShoggothLens.Core.Roles;

namespace ShoggothLens.Models.ChatTemplates;

/// <summary>Rules and text helpers that several templates share, written as their Jinja does it.</summary>
public static class ChatTurns
{
    /// <summary>Splits off a leading system message, as the templates' <c>messages[0]['role'] == 'system'</c> does.</summary>
    public static (ChatMessage? System, IReadOnlyList<ChatMessage> Turns) SplitSystem(IReadOnlyList<ChatMessage> messages) =>
        messages.Count > 0 && messages[0].Role == Role.System
            ? (messages[0], messages.Skip(1).ToList())
            : (null, messages);

    /// <summary>
    /// The Llama 2 / Mistral / Gemma check <c>(role == 'user') != (index % 2 == 0)</c>: users at even
    /// positions, everyone else at odd ones.
    /// </summary>
    public static void RequireAlternation(IReadOnlyList<ChatMessage> messages, string template)
    {
        for (int i = 0; i < messages.Count; i++)
            if ((messages[i].Role == Role.User) != (i % 2 == 0))
                throw new ArgumentException($"{template}: conversation roles must alternate user/assistant/user/assistant/... (message {i} is {messages[i].Role})", nameof(messages));
    }

    /// <summary>The chat role name templates write ("system", "user", "assistant").</summary>
    public static string ChatRoleName(Role role, string template) => role.Kind switch
    {
        RoleKind.System => "system",
        RoleKind.User => "user",
        RoleKind.Assistant => "assistant",
        _ => throw new ArgumentException($"{template}: a chat message must be System, User or Assistant, not {role}", nameof(role)),
    };

    /// <summary>
    /// Jinja's <c>trim</c> / Python's <c>strip()</c> applied to text made of several role pieces:
    /// whitespace goes from the front of the first non-blank piece and the end of the last.
    /// </summary>
    public static List<(string Text, Role Role)> Trim(IEnumerable<(string Text, Role Role)> pieces)
    {
        var list = pieces.ToList();
        for (int i = 0; i < list.Count; i++)
        {
            string trimmed = list[i].Text.TrimStart();
            list[i] = (trimmed, list[i].Role);
            if (trimmed.Length > 0)
                break;
        }
        for (int i = list.Count - 1; i >= 0; i--)
        {
            string trimmed = list[i].Text.TrimEnd();
            list[i] = (trimmed, list[i].Role);
            if (trimmed.Length > 0)
                break;
        }
        return list;
    }
}
