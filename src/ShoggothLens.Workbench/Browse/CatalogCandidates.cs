using ShoggothLens.Core.Catalog;
using ShoggothLens.Core.Formats;
using ShoggothLens.Workbench.Candidates;

namespace ShoggothLens.Workbench.Browse;

/// <summary>
/// A catalog's label-free candidate report for the pages: the one saved beside it (<c>candidates.json</c>, written by
/// <c>shoggoth candidates --save</c> or the demo) or, when none is saved, the one <see cref="CandidatesWorkflow"/>
/// computes (every candidate kept, nothing written: the UI never writes a catalog). Null <see cref="Report"/> only when
/// neither could be had; <see cref="Problem"/> then says why.
/// </summary>
/// <param name="Saved">True when the report was read from the catalog folder, false when computed here.</param>
public sealed record CatalogCandidates(CandidateReport? Report, bool Saved, string? Problem)
{
    /// <summary>The saved report, else a computed one; a damaged saved report or an unreadable store becomes <see cref="Problem"/>.</summary>
    internal static CatalogCandidates Load(CatalogEntry entry, CancellationToken cancellationToken = default)
    {
        string? savedProblem = null;
        try
        {
            if (entry.Folder.ReadCandidateReport() is { } saved) return new CatalogCandidates(saved, true, null);
        }
        catch (InvalidInputFileException e)
        {
            savedProblem = $"The saved report could not be read ({e.Message}); computed here instead.";
        }
        try
        {
            var report = CandidatesWorkflow.Run(new CandidatesRequest { Catalog = entry.Directory, Top = int.MaxValue }, null, cancellationToken);
            return new CatalogCandidates(report, false, savedProblem);
        }
        catch (Exception e) when (e is InvalidInputFileException or IOException or UnauthorizedAccessException)
        {
            return new CatalogCandidates(null, false, $"The candidate report could not be computed: {e.Message}");
        }
    }
}
