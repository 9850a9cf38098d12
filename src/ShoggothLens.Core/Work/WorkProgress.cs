namespace ShoggothLens.Core.Work;

/// <summary>What a <see cref="WorkProgress"/> report says: how far a stage is, that a checkpoint was written, or a note.</summary>
public enum WorkEventKind
{
    Progress,
    /// <summary>A checkpoint was written at <see cref="WorkProgress.Done"/>: a kill from here on resumes there.</summary>
    Checkpoint,
    /// <summary>Something the user should read (<see cref="WorkProgress.Note"/>), e.g. "resumed from token 40,960".</summary>
    Note,
}

/// <summary>
/// The one progress record of every long operation (harvest, train, analyze, export, organism build, demo):
/// each takes an <c>IProgress&lt;WorkProgress&gt;</c> and a <c>CancellationToken</c>, and throws
/// <see cref="OperationCanceledException"/> after leaving a resumable state when cancelled. Front ends render
/// it without knowing the operation: a bar from <see cref="Done"/>/<see cref="Total"/> in <see cref="Unit"/>,
/// and the named <see cref="Metrics"/> (loss, L0, …) beside it.
/// </summary>
/// <param name="Stage">What runs now, in a few words ("harvest", "contexts", "logit effects", "train").</param>
/// <param name="Done">Units done in this stage.</param>
/// <param name="Total">Units in this stage; 0 when unknown.</param>
/// <param name="Unit">What is counted ("tokens", "features", "steps").</param>
/// <param name="PerSecond">Throughput in units per second, where measured.</param>
/// <param name="Remaining">Estimated time left in this stage, where known.</param>
/// <param name="Metrics">Named figures of this moment (e.g. "loss", "l0", "fve"), in display order.</param>
public readonly record struct WorkProgress(
    string Stage,
    long Done,
    long Total,
    string Unit = "items",
    double? PerSecond = null,
    TimeSpan? Remaining = null,
    IReadOnlyList<KeyValuePair<string, double>>? Metrics = null,
    WorkEventKind Kind = WorkEventKind.Progress,
    string? Note = null)
{
    /// <summary>Done / Total in [0, 1]; 0 when the total is unknown.</summary>
    public double Fraction => Total <= 0 ? 0 : Math.Clamp((double)Done / Total, 0, 1);

    /// <summary>A checkpoint notice: work up to <paramref name="done"/> survives a kill.</summary>
    public static WorkProgress CheckpointAt(string stage, long done, long total, string unit) =>
        new(stage, done, total, unit, Kind: WorkEventKind.Checkpoint);

    /// <summary>A note for the user.</summary>
    public static WorkProgress Message(string stage, string note) => new(stage, 0, 0, Kind: WorkEventKind.Note, Note: note);
}
