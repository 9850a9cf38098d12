using ShoggothLens.Core.ActivationStore;
using ShoggothLens.Core.Files;
using ShoggothLens.Core.Work;
using ShoggothLens.Sae.Architectures;
using ShoggothLens.Sae.Backends;
using ShoggothLens.Sae.Training;

namespace ShoggothLens.Workbench.Training;

/// <summary>
/// Train: one SAE on one hook of an activation store (store → SAE folder in SAELens layout, with metrics.jsonl
/// and a checkpoint). A run stopped at any point and resumed ends with the weights an uninterrupted run ends with.
/// </summary>
public static class TrainWorkflow
{
    /// <summary>
    /// Trains. Progress: a note naming the backend, then steps done of the total with L0, MSE, FVE, dead and
    /// dense fractions, loss and tokens/s after each metrics window, and a <see cref="WorkEventKind.Checkpoint"/>
    /// notice after each checkpoint. On cancellation it writes a checkpoint and throws
    /// <see cref="OperationCanceledException"/>; the same request with <see cref="TrainRequest.Resume"/> continues.
    /// </summary>
    /// <exception cref="InvalidOptionException">An option that cannot work, named as <see cref="TrainRequest"/> spells it.</exception>
    /// <exception cref="FolderLockedException">Another command is writing the output folder.</exception>
    public static TrainResult Run(TrainRequest request, IProgress<WorkProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        var reader = ActivationStoreReader.Open(request.Store);
        reader.HookIndex(request.Hook);
        using var data = new StoreActivationBatches(reader, request.Hook, request.Seed, request.ShuffleBuffer);
        var options = Options(request, reader, data.Describe());
        options.Validate();   // before anything is sized by the options
        // Fail on a backend that cannot run before any work is done.
        SaeBackends.Validate(request.Backend, options.ToSetup());
        using var folderLock = FolderLock.Acquire(request.Output, TrainingProgress.Stage);   // a second writer is refused, never interleaved

        var trainer = new SaeTrainer(options, data, (setup, state) =>
        {
            var backend = SaeBackends.Create(request.Backend, setup, state);
            progress.Tell(WorkProgress.Message(TrainingProgress.Stage, $"backend: {SaeBackends.Describe(backend)}"));
            return backend;
        }) { Progress = progress };
        return new TrainResult(options, trainer.Run(request.Output, request.Resume, cancellationToken));
    }

    /// <summary>The trainer's options for <paramref name="request"/> on this store.</summary>
    internal static SaeTrainingOptions Options(TrainRequest request, ActivationStoreReader reader, string dataDescription) => new()
    {
        Architecture = request.Architecture,
        DIn = reader.DModel,
        Width = Width(request, reader.DModel),
        K = request.K,
        SparsityCoefficient = request.SparsityCoefficient ?? (request.Architecture == SaeArchitecture.JumpReLU ? 1f : 5f),
        LearningRate = request.LearningRate,
        Tokens = request.Tokens ?? reader.Tokens,
        BatchSize = request.BatchSize,
        Seed = request.Seed,
        HookName = request.Hook,
        ModelName = reader.Settings.ModelId,
        DataDescription = dataDescription,
        LrWarmupSteps = request.LrWarmupSteps,
        LrDecaySteps = request.LrDecaySteps,
        SparsityWarmupSteps = request.SparsityWarmupSteps,
        DeadAfterTokens = request.DeadAfterTokens,
        KAux = request.KAux,
        AuxCoefficient = request.AuxCoefficient,
        MaxGradNorm = request.MaxGradNorm,
        BDecInit = request.BDecInit,
        NormalizeActivations = request.NormalizeActivations,
        JumpReluBandwidth = request.JumpReluBandwidth,
        JumpReluInitThreshold = request.JumpReluInitThreshold,
        CheckpointEvery = request.CheckpointEvery,
        LogEvery = request.LogEvery,
        Backend = request.Backend,
    };

    static int Width(TrainRequest request, int dIn) => (request.Width, request.Expansion) switch
    {
        ({ } w, null) => w,
        (null, { } e) when e > 0 => checked((int)Math.Round(e * dIn)),
        (null, { } e) => throw new InvalidOptionException(nameof(TrainRequest.Expansion), $"the expansion must be positive, got {e}"),
        (null, null) => throw new InvalidOptionException(nameof(TrainRequest.Width), "give a width (latents) or an expansion (latents per input dimension)"),
        _ => throw new InvalidOptionException(nameof(TrainRequest.Expansion), "give a width or an expansion, not both"),
    };
}
