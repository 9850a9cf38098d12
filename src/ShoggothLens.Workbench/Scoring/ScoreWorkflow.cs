using ShoggothLens.Core.Analysis;
using ShoggothLens.Core.Catalog;
using ShoggothLens.Core.Work;

namespace ShoggothLens.Workbench.Scoring;

/// <summary>Score a catalog against an organism's ground truth, in both candidate orders.</summary>
public static class ScoreWorkflow
{
    public const string Stage = "score";

    /// <param name="progress">Features read, stage "score".</param>
    /// <exception cref="Core.Formats.InvalidInputFileException">No catalog in the folder, or a damaged one.</exception>
    public static ScoreResult Run(ScoreRequest request, IProgress<WorkProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        using var catalog = new CatalogFolder(request.Catalog).OpenCatalog();
        var candidates = new List<FeatureStatistics>();   // only candidates are ranked: the rest need not stay in memory
        int done = 0;
        foreach (var f in catalog.ReadAll())
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (f.Scores.HiddenMotiveCandidate) candidates.Add(f);
            if (++done % 1024 == 0 || done == catalog.Count) progress.Tell(new WorkProgress(Stage, done, catalog.Count, "features"));
        }
        return new ScoreResult(request.Truth,
            GroundTruthScoring.Score(candidates, request.Truth, HiddenMotiveRanking.Order.Evidence),
            GroundTruthScoring.Score(candidates, request.Truth, HiddenMotiveRanking.Order.SharedTrigger));
    }
}
