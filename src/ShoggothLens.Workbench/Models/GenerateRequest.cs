namespace ShoggothLens.Workbench.Models;

/// <summary>What <see cref="ModelWorkflow.Generate"/> is asked to do: continue a prompt given as text or as token ids.</summary>
public sealed record GenerateRequest
{
    /// <summary>A Hugging Face model directory, or the shipped organism by name.</summary>
    public required string Model { get; init; }
    /// <summary>Text to continue (needs a tokenizer); give this or <see cref="Ids"/>.</summary>
    public string? Prompt { get; init; }
    /// <summary>Token ids to continue; give this or <see cref="Prompt"/>.</summary>
    public long[]? Ids { get; init; }
    /// <summary>Tokenizer directory (or organism spec); null: the model's, when a tokenizer is needed.</summary>
    public string? Tokenizer { get; init; }
    public int MaxTokens { get; init; } = 32;
    /// <summary>0: greedy.</summary>
    public double Temperature { get; init; }
    public int Seed { get; init; }
}
