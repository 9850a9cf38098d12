namespace ShoggothLens.Workbench.SaeEvaluation;

/// <summary>What <see cref="SaeEvalWorkflow.Evaluate"/> is asked to do: an SAE's quality on stored activations.</summary>
public sealed record SaeEvalRequest
{
    /// <summary>SAE folder (SAELens, sparsify) or Gemma Scope .npz.</summary>
    public required string Sae { get; init; }
    /// <summary>Activation store with held-out tokens.</summary>
    public required string Store { get; init; }
    /// <summary>Hook point; null: the SAE's own hook_name.</summary>
    public string? Hook { get; init; }
    /// <summary>Tokens of the store to evaluate on, from its start.</summary>
    public long Tokens { get; init; } = 1_000_000;
    /// <summary>Model directory (or organism spec): adds CE loss recovered with the SAE spliced in at its hook.</summary>
    public string? Model { get; init; }
    /// <summary>Tokens (whole harvest windows) for CE loss recovered.</summary>
    public long CeTokens { get; init; } = 16_384;
}
