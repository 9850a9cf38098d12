using ShoggothLens.Core.Catalog;
using ShoggothLens.Core.Formats;
using ShoggothLens.Workbench.Candidates;

namespace ShoggothLens.Workbench.Browse;

/// <summary>
/// A catalog's label-free candidate report, the one definition of "candidate" the pages, the review queue and the exports
/// read: the report saved beside the catalog (<c>candidates.json</c>, written by the demo) when it lists every candidate,
/// else the one <see cref="CandidatesWorkflow"/> computes (every candidate kept, nothing written: the UI never writes a
/// catalog). Null <see cref="Report"/> only when neither could be had; <see cref="Problem"/> then says why.
/// </summary>
/// <param name="Saved">True when the report was read from the catalog folder, false when computed here.</param>
/// <param name="SavedListed">When a saved report listed only its first candidates and the report was computed again: how many it listed.</param>
public sealed record CatalogCandidates(CandidateReport? Report, bool Saved, string? Problem, int? SavedListed = null)
{
    /// <summary>The report's candidates in its order (empty without a report).</summary>
    public CandidateSet Set { get; } = CandidateSet.Of(Report);

    /// <summary>Where the report came from, in a sentence for the pages.</summary>
    public string Origin => Saved ? "From the report saved beside the catalog (candidates.json)."
        : SavedListed is int n ? $"Computed here from the catalog and its store: the saved candidates.json lists only its first {n} candidates (nothing was written)."
        : "Computed here from the catalog and its store (no candidates.json saved; nothing was written).";

    /// <summary>
    /// The saved report, else a computed one. A saved report that lists only its first candidates (saved with a small
    /// <c>--top</c>) is computed again so that every candidate is known; a damaged saved report or an unreadable store
    /// becomes <see cref="Problem"/>.
    /// </summary>
    public static CatalogCandidates Load(CatalogFolder folder, CancellationToken cancellationToken = default)
    {
        string? savedProblem = null;
        CandidateReport? partial = null;
        try
        {
            if (folder.ReadCandidateReport() is { } saved)
            {
                if (CandidateSet.ListsEveryCandidate(saved)) return new CatalogCandidates(saved, true, null);
                partial = saved;
            }
        }
        catch (InvalidInputFileException e)
        {
            savedProblem = $"The saved report could not be read ({e.Message}); computed here instead.";
        }
        try
        {
            var report = CandidatesWorkflow.Run(new CandidatesRequest { Catalog = folder.Directory, Top = int.MaxValue }, null, cancellationToken);
            return new CatalogCandidates(report, false, savedProblem, partial?.Candidates.Count);
        }
        // Any failure of the report (a damaged store, a tokenizer that will not load) leaves the catalog browsable: the pages
        // show the problem and no candidates, instead of failing to open the catalog.
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return partial is not null
                ? new CatalogCandidates(partial, true, $"The saved report lists only its first {partial.Candidates.Count} candidates, and the full one could not be computed: {e.Message}")
                : new CatalogCandidates(null, false, $"The candidate report could not be computed: {e.Message}");
        }
    }
}
