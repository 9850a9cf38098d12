using ShoggothLens.Sae.Architectures;
using ShoggothLens.Sae.Backends;
using ShoggothLens.Sae.Training;

namespace ShoggothLens.Workbench.Training;

/// <summary>
/// What <see cref="TrainWorkflow.Run"/> is asked to do: train one SAE on one hook of an activation store.
/// Null step counts and coefficients get defaults scaled to the run (<see cref="SaeTrainingOptions.Resolve"/>).
/// </summary>
public sealed record TrainRequest
{
    public required string Store { get; init; }
    public required string Hook { get; init; }
    public required SaeArchitecture Architecture { get; init; }
    /// <summary>Output folder: the SAE in SAELens layout, metrics.jsonl and the checkpoint.</summary>
    public required string Output { get; init; }
    /// <summary>Continue the run in <see cref="Output"/> from its checkpoint.</summary>
    public bool Resume { get; init; }

    /// <summary>Number of latents; give this or <see cref="Expansion"/>.</summary>
    public int? Width { get; init; }
    /// <summary>Latents as a multiple of d_in; give this or <see cref="Width"/>.</summary>
    public double? Expansion { get; init; }
    /// <summary>Active latents per token (TopK, BatchTopK).</summary>
    public int K { get; init; } = 32;
    /// <summary>L1 coefficient for ReLU (default 5), L0 coefficient for JumpReLU (default 1).</summary>
    public float? SparsityCoefficient { get; init; }
    public float LearningRate { get; init; } = 3e-4f;
    /// <summary>Tokens to train on; null: one pass over the store.</summary>
    public long? Tokens { get; init; }
    /// <summary>Tokens per step.</summary>
    public int BatchSize { get; init; } = 4096;
    public BackendChoice Backend { get; init; } = BackendChoice.Auto;
    /// <summary>Seed of the initial weights and of the token order.</summary>
    public ulong Seed { get; init; }
    /// <summary>Steps between checkpoints (0: only at the end).</summary>
    public int CheckpointEvery { get; init; } = 500;
    /// <summary>Steps per metrics line; null: about 200 lines per run.</summary>
    public int? LogEvery { get; init; }
    /// <summary>A latent silent this many tokens is dead; null: min(10M, tokens/4).</summary>
    public long? DeadAfterTokens { get; init; }
    /// <summary>AuxK latents (0: d_in/2).</summary>
    public int KAux { get; init; }
    public float AuxCoefficient { get; init; } = 1f / 32;
    /// <summary>Gradient-norm clip (0: none).</summary>
    public float MaxGradNorm { get; init; } = 1f;
    public long? LrWarmupSteps { get; init; }
    public long? LrDecaySteps { get; init; }
    public long? SparsityWarmupSteps { get; init; }
    public BDecInit BDecInit { get; init; } = BDecInit.GeometricMedian;
    /// <summary>Scale inputs to mean squared norm d_in (folded into the saved weights).</summary>
    public bool NormalizeActivations { get; init; } = true;
    public float JumpReluBandwidth { get; init; } = 0.001f;
    public float JumpReluInitThreshold { get; init; } = 0.001f;
    /// <summary>Tokens in the sampler's shuffle buffer.</summary>
    public int ShuffleBuffer { get; init; } = 1 << 16;
}
