namespace ShoggothLens.Workbench.Browse.Conversations;

/// <summary>What opening a leak conversation gives: the conversation, or why its sources cannot give it.</summary>
public abstract record ConversationResult
{
    ConversationResult() { }

    public sealed record Shown(LeakConversation Conversation) : ConversationResult;

    /// <summary>The catalog's activation store or SAE is missing or does not fit; <paramref name="Reason"/> says which, in a sentence.</summary>
    public sealed record Unavailable(string Reason) : ConversationResult;
}
