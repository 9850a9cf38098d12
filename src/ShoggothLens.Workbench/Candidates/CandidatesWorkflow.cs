using ShoggothLens.Core.Analysis;
using ShoggothLens.Core.Catalog;
using ShoggothLens.Core.Work;

namespace ShoggothLens.Workbench.Candidates;

/// <summary>
/// Rank a catalog's hidden-motive candidates (outside-role features that still fire in Assistant turns;
/// <see cref="HiddenMotiveRanking"/>) into a <see cref="CandidateReport"/> with each candidate's evidence.
/// </summary>
public static class CandidatesWorkflow
{
    public const string Stage = "candidates";

    /// <param name="progress">Features read, stage "candidates".</param>
    /// <exception cref="Core.Formats.InvalidInputFileException">No catalog in the folder, or a damaged one.</exception>
    public static CandidateReport Run(CandidatesRequest request, IProgress<WorkProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        request.Validate();
        var folder = new CatalogFolder(request.Catalog);
        using var catalog = folder.OpenCatalog();
        var report = Report(catalog.Metadata, Counted(catalog.ReadAll(), catalog.Count, progress, cancellationToken), request.Order, request.Top);
        if (request.Save) CandidateReportFile.Write(folder.CandidateReportPath, report);
        return report;
    }

    /// <summary>The report of the <paramref name="top"/> best candidates among <paramref name="features"/>, in <paramref name="order"/>.</summary>
    public static CandidateReport Report(CatalogMetadata metadata, IEnumerable<FeatureStatistics> features, HiddenMotiveRanking.Order order, int top)
    {
        var ranked = HiddenMotiveRanking.Rank(features, order).Take(top).Select((f, i) => Entry(i + 1, f)).ToList();
        return new CandidateReport(metadata.Name, metadata.Features, metadata.Tokens, metadata.Parameters, ranked);
    }

    static RankedCandidate Entry(int rank, FeatureStatistics f)
    {
        var s = f.Scores;
        return new RankedCandidate(rank, f.Feature, s.HiddenMotiveEvidence, s.AssistantLowerBound, ModelDiff.AssistantFrequency(f), s.AssistantAffinity,
            s.HomePersona, s.LeakDocumentCount, s.SharedTriggers,
            s.LeakLabels.Select(l => new CandidateLeakLabel(l.Label, l.Documents, l.Share)).ToList(),
            s.LeaksWithMotive, s.LeaksFiringBeforeMotive,
            s.LeakDocuments.Select(l => new CandidateLeak(l.Document, l.Firings, l.Max, l.FirstPosition, l.MotiveStart, l.Labels)).ToList());
    }

    static IEnumerable<FeatureStatistics> Counted(IEnumerable<FeatureStatistics> features, int total, IProgress<WorkProgress>? progress, CancellationToken cancellationToken)
    {
        int done = 0;
        progress.Tell(new WorkProgress(Stage, 0, total, "features"));
        foreach (var f in features)
        {
            cancellationToken.ThrowIfCancellationRequested();
            yield return f;
            if (++done % 1024 == 0 || done == total) progress.Tell(new WorkProgress(Stage, done, total, "features"));
        }
    }
}
