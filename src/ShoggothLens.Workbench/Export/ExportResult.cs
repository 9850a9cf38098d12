using ShoggothLens.Core.Export;

namespace ShoggothLens.Workbench.Export;

/// <summary>
/// What an export wrote: features [<paramref name="First"/>, <paramref name="End"/>) of a catalog of
/// <paramref name="CatalogFeatures"/>; for the batch formats the plan, the shard's batches [<paramref name="FirstBatch"/>,
/// <paramref name="EndBatch"/>) and the files written, kept or replaced (<see cref="ExportSummary.Cancelled"/> when stopped).
/// </summary>
public sealed record ExportResult(ExportFormat Format, int First, int End, int CatalogFeatures,
    BatchPlan? Plan = null, int FirstBatch = 0, int EndBatch = 0, ExportSummary? Batches = null)
{
    public bool Cancelled => Batches?.Cancelled ?? false;
}
