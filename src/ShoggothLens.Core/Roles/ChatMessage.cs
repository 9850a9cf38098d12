namespace ShoggothLens.Core.Roles;

/// <summary>One message of a conversation: a chat role (System, User or Assistant) and its text.</summary>
public sealed record ChatMessage(Role Role, string Content)
{
    public static ChatMessage System(string content) => new(Role.System, content);
    public static ChatMessage User(string content) => new(Role.User, content);
    public static ChatMessage Assistant(string content) => new(Role.Assistant, content);
}
