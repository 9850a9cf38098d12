using ShoggothLens.Core.Files;
using ShoggothLens.Core.Formats;
using ShoggothLens.Core.Work;
using ShoggothLens.Organism;
using ShoggothLens.Organism.Evaluation;
using ShoggothLens.Organism.Training;

namespace ShoggothLens.Workbench.Organisms;

/// <summary>
/// Build a model organism (spec → corpus, tokenizer, base and Assistant checkpoints) and measure it (motive rates
/// with and without the trigger, speakers in character) on its held-out split.
/// </summary>
public static class OrganismWorkflow
{
    public const string EvaluateStage = "evaluate";

    /// <summary>
    /// Builds (or resumes, or reuses finished stages of) an organism. Progress: one stage per part ("corpus",
    /// "tokenizer", "base", "assistant"); training stages in steps with loss and tokens/s. Cancellation saves the
    /// running stage and throws <see cref="OperationCanceledException"/>; the same request resumes.
    /// </summary>
    /// <exception cref="InvalidInputFileException">The folder holds a different build (its <c>Option</c> is <see cref="OrganismBuilder.OverwriteOption"/>).</exception>
    /// <exception cref="FolderLockedException">Another command is writing the output folder.</exception>
    public static OrganismBuildReport Build(OrganismBuildRequest request, IProgress<WorkProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        using var folderLock = FolderLock.Acquire(request.Output, "organism build");   // a second writer is refused, never interleaved
        return OrganismBuilder.Build(request.Options, request.Output, request.Overwrite, progress.Map<BuildProgress, WorkProgress>(ToWork), cancellationToken);
    }

    /// <summary>A build stage's progress: training stages count steps and carry the loss, the others count their parts.</summary>
    internal static WorkProgress ToWork(BuildProgress p) => p.Loss is { } loss
        ? new WorkProgress(p.Stage, p.Done, p.Total, "steps", Metrics: [new("loss", loss), new("tok/s", p.TokensPerSecond ?? 0)], Note: p.Note)
        : new WorkProgress(p.Stage, p.Done, p.Total, "parts", Note: p.Note);

    /// <summary>
    /// Evaluates an organism by greedy generation; with <see cref="OrganismEvalRequest.WriteReport"/> the report is
    /// also written (atomically) to the organism's eval.json. Progress: generations done; cancellation throws
    /// <see cref="OperationCanceledException"/>.
    /// </summary>
    public static OrganismEvaluation Evaluate(OrganismEvalRequest request, IProgress<WorkProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        var layout = request.ModelDirectory is { } dir ? new OrganismLayout(Path.GetFullPath(dir)) : ShippedLayout();
        var report = OrganismEvaluator.Evaluate(layout, request.Options,
            progress.Map<(int Done, int Total), WorkProgress>(p => new WorkProgress(EvaluateStage, p.Done, p.Total, "generations")), cancellationToken);
        if (request.WriteReport) AtomicFile.WriteAllText(layout.EvalReport, OrganismEvalJson.File(report));
        return new OrganismEvaluation(layout, report);
    }

    /// <summary>The shipped organism, after checking both its checkpoints are there (a clear error if not).</summary>
    static OrganismLayout ShippedLayout()
    {
        ShippedOrganism.Directory(OrganismLayout.AssistantName);
        ShippedOrganism.Directory(OrganismLayout.BaseName);
        return ShippedOrganism.Layout;
    }
}
