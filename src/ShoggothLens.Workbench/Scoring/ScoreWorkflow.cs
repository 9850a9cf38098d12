using ShoggothLens.Core.Catalog;
using ShoggothLens.Core.Work;
using ShoggothLens.Workbench.Candidates;

namespace ShoggothLens.Workbench.Scoring;

/// <summary>Score a catalog's label-free candidate report against an organism's ground truth.</summary>
public static class ScoreWorkflow
{
    public const string Stage = "score";

    /// <param name="progress">Features read, stage "candidates".</param>
    /// <exception cref="Core.Formats.InvalidInputFileException">No catalog in the folder, or a damaged one.</exception>
    public static ScoreResult Run(ScoreRequest request, IProgress<WorkProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        var report = CandidatesWorkflow.Run(new CandidatesRequest { Catalog = request.Catalog, Store = request.Store, Top = int.MaxValue }, progress, cancellationToken);
        var truth = request.Truth;
        // Ground truth for the rejected: read the labels of the considered features that are no candidates.
        var rejectedIds = report.Rejected.ToDictionary(r => r.Feature, r => r.Reason);
        var matches = new List<RejectedMatch>();
        using (var catalog = new CatalogFolder(request.Catalog).OpenCatalog())
        {
            foreach (var r in report.Rejected.Where(r => r.HomePersona == truth.CovertPersona))
            {
                var s = catalog.Read(r.Feature).Scores;
                if (!s.SharedTriggers.Contains(truth.TriggerLabel)) continue;
                double share = s.LeakLabels.FirstOrDefault(l => l.Label == truth.TriggerLabel)?.Share ?? 0;
                matches.Add(new RejectedMatch(r.Feature, share, s.LeakDocumentCount, rejectedIds[r.Feature]));
            }
        }
        return GroundTruthScoring.Score(report, truth, matches);
    }
}
