namespace ShoggothLens.Workbench.Browse.Conversations;

/// <summary>
/// A whole document of the activation store (an Assistant conversation a feature leaks into) with that feature's
/// activation over every token. <see cref="Truncated"/>: the document was longer than the reader's limit, and
/// <see cref="Tokens"/> are its first tokens.
/// </summary>
public sealed record LeakConversation(int Feature, long Document, string? DocumentId, IReadOnlyList<ConversationToken> Tokens, bool Truncated)
{
    /// <summary>The largest activation over Assistant tokens (what the catalog's leak table calls max).</summary>
    public float AssistantMax => Tokens.Where(t => t.Role == "Assistant").Select(t => t.Activation).DefaultIfEmpty(0).Max();

    /// <summary>Assistant tokens where the feature fires (activation &gt; 0).</summary>
    public int AssistantFirings => Tokens.Count(t => t.Role == "Assistant" && t.Activation > 0);

    /// <summary>Index in <see cref="Tokens"/> of the first Assistant token where the feature fires, or -1.</summary>
    public int FirstAssistantFiring
    {
        get
        {
            for (int i = 0; i < Tokens.Count; i++) if (Tokens[i].Role == "Assistant" && Tokens[i].Activation > 0) return i;
            return -1;
        }
    }

    public float Max => Tokens.Select(t => t.Activation).DefaultIfEmpty(0).Max();
}
