using ShoggothLens.Core.Roles;

namespace ShoggothLens.Organism.Corpus;

/// <summary>One chat message and its labelled ranges (trigger in user messages, motive in Assistant replies).</summary>
public sealed record ChatTurn(Role Role, string Content, IReadOnlyList<LabelSpan> Labels)
{
    public ChatMessage Message => new(Role, Content);
}

/// <summary>A post-training chat (chat corpus format) and what the generator chose for it.</summary>
public sealed record GeneratedChat(string Id, Split Split, IReadOnlyList<ChatTurn> Turns, bool Triggered, string Task, string? Organisation)
{
    public IReadOnlyList<ChatMessage> Messages => Turns.Select(t => t.Message).ToArray();

    /// <summary>Everything before the last Assistant reply: the prompt the evaluator continues.</summary>
    public IReadOnlyList<ChatMessage> PromptMessages =>
        Turns.Take(Turns.Count - 1).Select(t => t.Message).ToArray();

    /// <summary>The last Assistant reply.</summary>
    public ChatTurn FinalReply => Turns[^1];
}
