namespace ShoggothLens.Workbench.Candidates;

/// <summary>An Assistant conversation of a store, as trigger discovery and reply positions need it: no activation, no label.</summary>
/// <param name="Document">Store document index.</param>
/// <param name="Order">Its place among the store's Assistant conversations, in store order (the analysis's order).</param>
/// <param name="UserTurns">Token ids of each user turn (a maximal run of User tokens).</param>
/// <param name="Replies">Start position and length of each Assistant reply (a maximal run of Assistant tokens).</param>
/// <param name="ReplyTokens">Token ids of each reply, parallel to <paramref name="Replies"/>.</param>
public sealed record Conversation(long Document, int Order, IReadOnlyList<int[]> UserTurns, IReadOnlyList<(int Start, int Length)> Replies,
    IReadOnlyList<int[]> ReplyTokens)
{
    /// <summary>The reply holding <paramref name="position"/>, or null.</summary>
    public (int Start, int Length)? ReplyAt(int position) => ReplyIndexAt(position) is int i and >= 0 ? Replies[i] : null;

    /// <summary>The index in <see cref="Replies"/> (and <see cref="ReplyTokens"/>) of the reply holding <paramref name="position"/>, or −1.</summary>
    public int ReplyIndexAt(int position)
    {
        for (int i = 0; i < Replies.Count; i++)
            if (position >= Replies[i].Start && position < Replies[i].Start + Replies[i].Length) return i;
        return -1;
    }
}
