using System.Text.Json;
using ShoggothLens.Core.Work;
using ShoggothLens.Sae.Architectures;
using ShoggothLens.Sae.Backends;

namespace ShoggothLens.Sae.Training;

/// <summary>
/// Everything that defines a training run. Step counts left null get defaults scaled to the run
/// (see <see cref="Resolve"/>). <see cref="SparsityCoefficient"/> is the L1 coefficient for
/// Standard and the L0 coefficient for JumpReLU (TopK/BatchTopK ignore it).
/// </summary>
public sealed record SaeTrainingOptions
{
    public required SaeArchitecture Architecture { get; init; }
    public required int DIn { get; init; }
    public required int Width { get; init; }
    public int K { get; init; }
    public float SparsityCoefficient { get; init; } = 5f;
    public float LearningRate { get; init; } = 3e-4f;
    public required long Tokens { get; init; }
    public int BatchSize { get; init; } = 4096;
    public ulong Seed { get; init; }
    public string? HookName { get; init; }
    public string? ModelName { get; init; }
    /// <summary>What decides the order of the input tokens (store, hook, shuffle buffer, seed); part of the resume fingerprint.</summary>
    public string? DataDescription { get; init; }

    public long? LrWarmupSteps { get; init; }
    public long? LrDecaySteps { get; init; }
    public long? SparsityWarmupSteps { get; init; }
    /// <summary>A latent that has not fired for this many tokens is dead (AuxK trains it).</summary>
    public long? DeadAfterTokens { get; init; }
    /// <summary>0 = d_in / 2.</summary>
    public int KAux { get; init; }
    public float AuxCoefficient { get; init; } = 1f / 32;
    public float MaxGradNorm { get; init; } = 1f;
    public bool NormalizeActivations { get; init; } = true;
    public BDecInit BDecInit { get; init; } = BDecInit.GeometricMedian;
    /// <summary>Tokens drawn (once, before step 0) to estimate the input scale and b_dec.</summary>
    public int InitSampleTokens { get; init; } = 16384;
    public float? DecoderInitNorm { get; init; }
    public float JumpReluBandwidth { get; init; } = 0.001f;
    public float JumpReluInitThreshold { get; init; } = 0.001f;

    /// <summary>Steps between checkpoints (0 = only at the end).</summary>
    public int CheckpointEvery { get; init; } = 500;
    /// <summary>Steps per metrics line; null = about 200 lines per run, at most 100 steps apart.</summary>
    public int? LogEvery { get; init; }
    public BackendChoice Backend { get; init; } = BackendChoice.Auto;

    public long TotalSteps => Math.Max(1, Tokens / BatchSize);

    /// <summary>Most latents accepted (16,777,216: beyond the largest published SAEs); a bound, not advice.</summary>
    public const int MaxWidth = 1 << 24;
    /// <summary>Most tokens per step accepted.</summary>
    public const int MaxBatchSize = 1 << 20;

    public void Validate()
    {
        if (DIn < 1) throw new ArgumentException($"d_in must be positive, got {DIn}");
        if (Width < 1) throw new InvalidOptionException(nameof(Width), $"the width (latents) must be positive, got {Width}");
        if (BatchSize < 1) throw new InvalidOptionException(nameof(BatchSize), $"the batch (tokens per step) must be positive, got {BatchSize}");
        if (Width > MaxWidth) throw new InvalidOptionException(nameof(Width), $"the width (latents) must be at most {MaxWidth}, got {Width}");
        if (BatchSize > MaxBatchSize) throw new InvalidOptionException(nameof(BatchSize), $"the batch (tokens per step) must be at most {MaxBatchSize}, got {BatchSize}");
        // Each weight matrix is one array: d_in × width must fit one (checked before anything that large is allocated).
        if ((long)DIn * Width > Array.MaxLength)
            throw new InvalidOptionException(nameof(Width), $"d_in {DIn} × width {Width} = {(long)DIn * Width} weights per matrix, more than one array holds ({Array.MaxLength})");
        if (Tokens < 1) throw new InvalidOptionException(nameof(Tokens), $"the training tokens must be positive, got {Tokens}");
        if (!(LearningRate > 0) || !float.IsFinite(LearningRate)) throw new InvalidOptionException(nameof(LearningRate), $"the learning rate must be positive, got {LearningRate}");
        if (SparsityCoefficient < 0 || !float.IsFinite(SparsityCoefficient)) throw new InvalidOptionException(nameof(SparsityCoefficient), $"the sparsity coefficient must be ≥ 0, got {SparsityCoefficient}");
        if (CheckpointEvery < 0) throw new InvalidOptionException(nameof(CheckpointEvery), $"the steps between checkpoints must be ≥ 0, got {CheckpointEvery}");
        if (InitSampleTokens < 1) throw new ArgumentException("the initialisation sample needs at least one token");
        ToSetup().Validate();
    }

    /// <summary>Defaults for the step counts left null, scaled to the run's length.</summary>
    public SaeTrainingOptions Resolve()
    {
        long total = TotalSteps;
        return this with
        {
            LrWarmupSteps = LrWarmupSteps ?? Math.Min(1000, total / 20),
            LrDecaySteps = LrDecaySteps ?? total / 5,
            SparsityWarmupSteps = SparsityWarmupSteps ?? total / 20,
            DeadAfterTokens = DeadAfterTokens ?? Math.Min(10_000_000, Math.Max(BatchSize, Tokens / 4)),
            LogEvery = LogEvery ?? (int)Math.Clamp(total / 200, 1, 100),
        };
    }

    public SaeTrainingSetup ToSetup() => new(Architecture, DIn, Width, K, ApplyBDecToInput: true, KAux, AuxCoefficient,
        new AdamSettings(), MaxGradNorm, JumpReluBandwidth);

    public TrainingSchedule Schedule()
    {
        var r = Resolve();
        return new TrainingSchedule(TotalSteps, LearningRate, r.LrWarmupSteps!.Value, r.LrDecaySteps!.Value, SparsityCoefficient, r.SparsityWarmupSteps!.Value);
    }

    /// <summary>The options that decide the weights, as JSON: a resume must match it exactly (checkpoint and log intervals and the backend may change).</summary>
    public string Fingerprint()
    {
        var r = Resolve() with { CheckpointEvery = 0, LogEvery = 0, Backend = BackendChoice.Auto };
        return JsonSerializer.Serialize(r);
    }
}
