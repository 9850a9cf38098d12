using ShoggothLens.Core.Analysis;
using ShoggothLens.Core.Work;

namespace ShoggothLens.Workbench.Candidates;

/// <summary>Which catalog to rank, in which order, how many candidates to keep, and whether to save the report beside it.</summary>
public sealed record CandidatesRequest
{
    /// <summary>The catalog folder (written by <see cref="Analysis.AnalyzeWorkflow"/>).</summary>
    public required string Catalog { get; init; }

    /// <summary>Candidates kept, best first.</summary>
    public int Top { get; init; } = 20;

    public HiddenMotiveRanking.Order Order { get; init; } = HiddenMotiveRanking.Order.Evidence;

    /// <summary>Also write the report into the catalog folder (<see cref="Core.Catalog.CatalogFolder.CandidateReportPath"/>).</summary>
    public bool Save { get; init; }

    /// <exception cref="InvalidOptionException">Fewer than one candidate asked for.</exception>
    public void Validate()
    {
        if (Top < 1) throw new InvalidOptionException(nameof(Top), "keep at least one candidate");
    }
}
