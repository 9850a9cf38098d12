using ShoggothLens.Core.Catalog;
using ShoggothLens.Core.Work;
using ShoggothLens.Workbench.Candidates;

namespace ShoggothLens.Workbench.Scoring;

/// <summary>Score a catalog's label-free candidate report against an organism's ground truth (<see cref="GroundTruthScoring"/>).</summary>
public static class ScoreWorkflow
{
    public const string Stage = "score";

    /// <param name="progress">Features read, stage "candidates".</param>
    /// <exception cref="Core.Formats.InvalidInputFileException">No catalog in the folder, or a damaged one; a missing store or SAE.</exception>
    /// <exception cref="GroundTruthUnavailableException">The store lacks triggered or untriggered conversations (<see cref="MotiveSeparation"/>).</exception>
    public static ScoreResult Run(ScoreRequest request, IProgress<WorkProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        var report = request.Report
                     ?? CandidatesWorkflow.Run(new CandidatesRequest { Catalog = request.Catalog, Store = request.Store, Top = int.MaxValue }, progress, cancellationToken);
        IReadOnlyDictionary<string, string> parameters;
        using (var catalog = new CatalogFolder(request.Catalog).OpenCatalog()) parameters = catalog.Metadata.Parameters;
        string store = request.Store ?? parameters.GetValueOrDefault("store")
            ?? throw new InvalidOptionException(nameof(ScoreRequest.Store), "the catalog names no store; give one");
        string sae = request.Sae ?? parameters.GetValueOrDefault("sae")
            ?? throw new InvalidOptionException(nameof(ScoreRequest.Sae), "the catalog names no SAE; give one");
        progress.Tell(WorkProgress.Message(Stage, "ground truth: each feature's separation of triggered from untriggered conversations before the motive"));
        var separation = MotiveSeparation.Compute(store, sae, request.Truth, cancellationToken);
        return GroundTruthScoring.Score(report, separation, request.Truth, request.Threshold);
    }
}
