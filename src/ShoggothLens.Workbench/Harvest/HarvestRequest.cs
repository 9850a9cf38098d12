using ShoggothLens.Models.Harvest;

namespace ShoggothLens.Workbench.Harvest;

/// <summary>What <see cref="HarvestWorkflow.Run"/> is asked to do: which model reads the corpus, and the harvest itself.</summary>
public sealed record HarvestRequest
{
    /// <summary>A Hugging Face model directory, or the shipped organism by name ("organism", "organism:base").</summary>
    public required string Model { get; init; }

    /// <summary>Tokenizer directory (or organism spec); null: the model's.</summary>
    public string? Tokenizer { get; init; }

    /// <summary>Chat template name for chats; null: guessed from the tokenizer's tokenizer_config.json.</summary>
    public string? ChatTemplate { get; init; }

    /// <summary>Corpus, hooks, output store, windows, shard and limits.</summary>
    public required HarvestOptions Harvest { get; init; }
}
