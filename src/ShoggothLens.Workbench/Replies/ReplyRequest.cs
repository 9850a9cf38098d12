using ShoggothLens.Models.Replies;

namespace ShoggothLens.Workbench.Replies;

/// <summary>
/// What <see cref="ReplyWorkflow.Run"/> is asked to do: answer every conversation of a chat corpus with the model under
/// audit, so that harvest and analysis read the model's own words rather than the corpus's Assistant text.
/// </summary>
public sealed record ReplyRequest
{
    /// <summary>A Hugging Face model directory, or the shipped organism by name ("organism", "organism:base").</summary>
    public required string Model { get; init; }

    /// <summary>Tokenizer directory; null: the model's.</summary>
    public string? Tokenizer { get; init; }

    /// <summary>Chat template name; null: guessed from the tokenizer's directory.</summary>
    public string? ChatTemplate { get; init; }

    /// <summary>Chat JSONL files; every record must be a chat.</summary>
    public required IReadOnlyList<string> Corpus { get; init; }

    /// <summary>The output folder: <see cref="ReplyFolder.ChatsFile"/> and <see cref="ReplyFolder.ManifestFile"/>.</summary>
    public required string Output { get; init; }

    /// <summary>Token limit, temperature, seed and batch size.</summary>
    public ReplySettings Settings { get; init; } = new();

    /// <summary>
    /// An organism (folder, or "organism" for the shipped one) whose own motive detector labels the generated replies
    /// (label "motive"): ground truth for scoring, never read by a ranking. Null: generated replies carry no labels.
    /// </summary>
    public string? LabelWithOrganism { get; init; }

    /// <summary>Answer only the first N conversations (null: all).</summary>
    public int? MaxConversations { get; init; }

    /// <summary>Torch CPU threads (null: leave as it is).</summary>
    public int? Threads { get; init; }
}
