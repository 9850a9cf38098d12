using ShoggothLens.Core.Catalog;
using ShoggothLens.Core.Export;
using ShoggothLens.Core.Files;
using ShoggothLens.Core.Formats;
using ShoggothLens.Core.Work;
using ShoggothLens.Sae.Export;
using ShoggothLens.Sae.Formats;

namespace ShoggothLens.Workbench.Export;

/// <summary>
/// Export a feature catalog (catalog folder → Neuronpedia batch JSON, score CSV/JSON, or the SAE in SAELens layout).
/// Batch exports are sharded, deterministic and resumable: complete batch files an earlier run left are kept.
/// </summary>
public static class ExportWorkflow
{
    public const string Stage = "export";

    /// <summary>
    /// Exports. Progress (batch formats): features written of the shard's, with features/s and batch files done.
    /// Cancellation stops after the current batch file and returns a result whose <see cref="ExportResult.Cancelled"/> is set.
    /// </summary>
    /// <exception cref="InvalidOptionException">The output folder is, holds or lies inside the catalog or the source SAE.</exception>
    /// <exception cref="FolderLockedException">Another command is writing the output folder (or the same shard of it).</exception>
    public static ExportResult Run(ExportRequest request, IProgress<WorkProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        if (FolderPaths.Overlap(request.Output, request.Catalog))
            throw new InvalidOptionException(nameof(ExportRequest.Output), $"the output folder {request.Output} is, holds or lies inside the catalog {request.Catalog}: export writes elsewhere");
        using var catalog = FeatureCatalog.Open(request.Catalog);
        var (first, end) = Range(request.Features, catalog.Count);
        if (request.Format == ExportFormat.SaeLens)
        {
            if (request.ShardCount != 1)
                throw new InvalidOptionException(nameof(ExportRequest.ShardCount), "sharding applies to the batch formats (neuronpedia, csv, json), not to saelens");
            ExportSae(catalog, request.Sae, request.Output, first, end);
            return new ExportResult(request.Format, first, end, catalog.Count);
        }

        var candidates = Candidates(request.Catalog, cancellationToken);
        IBatchFormat format = request.Format switch
        {
            ExportFormat.Csv => new ScoreCsvFormat(candidates),
            ExportFormat.Json => new ScoreJsonFormat(candidates),
            _ => new NeuronpediaFormat(Settings(catalog.Metadata, request), candidates),
        };
        var plan = new BatchPlan(first, end, request.BatchSize);
        // Shards of one export write disjoint batch files of one folder side by side; anything else writing it is refused.
        using var folderLock = FolderLock.Acquire(request.Output, Stage, request.ShardCount > 1 ? $"shard-{request.ShardIndex}-of-{request.ShardCount}" : null);
        var summary = BatchExporter.Run(catalog, request.Output, format, plan, request.ShardIndex, request.ShardCount,
            progress.Map<ExportProgress, WorkProgress>(p => new WorkProgress(Stage, p.FeaturesDone, p.Features, "features", p.FeaturesPerSecond,
                Metrics: [new("batch files", p.BatchesDone)])),
            cancellationToken);
        var (b0, b1) = plan.Shard(request.ShardIndex, request.ShardCount);
        return new ExportResult(request.Format, first, end, catalog.Count, plan, b0, b1, summary);
    }

    /// <summary>
    /// The catalog's label-free candidates (<c>hidden_motive_candidate</c> in every batch format): the saved report when it lists
    /// every candidate, else computed (one more pass over the catalog). Membership is the specificity test's, which reads the
    /// catalog alone, so the exported flag does not depend on the store; the report's order, which does, is not exported.
    /// </summary>
    static CandidateSet Candidates(string catalog, CancellationToken cancellationToken)
    {
        var loaded = Browse.CatalogCandidates.Load(new CatalogFolder(catalog), cancellationToken);
        return loaded.Report is not null ? loaded.Set
            : throw new InvalidInputFileException(catalog, loaded.Problem ?? "no candidate report could be had for the catalog");
    }

    static (int First, int End) Range(string? features, int count)
    {
        try
        {
            return BatchPlan.ParseRange(features, count);
        }
        catch (FormatException e)
        {
            throw new InvalidOptionException(nameof(ExportRequest.Features), e.Message);
        }
    }

    static NeuronpediaSettings Settings(CatalogMetadata metadata, ExportRequest r)
    {
        var s = NeuronpediaSettings.FromCatalog(metadata);
        return s with
        {
            ModelId = r.ModelId ?? s.ModelId,
            SaeSet = r.SaeSet ?? s.SaeSet,
            SaeIdSuffix = r.SaeIdSuffix ?? s.SaeIdSuffix,
            Layer = r.Layer ?? s.Layer,
            Dataset = r.Dataset ?? s.Dataset,
        };
    }

    /// <summary>
    /// The catalog records the SAE's folder (parameter <c>sae</c>) and hook; the SAE found there (or at
    /// <paramref name="saeOption"/>) must have as many latents as the catalog has features, and the catalog's hook
    /// when its config names one.
    /// </summary>
    static void ExportSae(FeatureCatalog catalog, string? saeOption, string outDir, int first, int end)
    {
        var parameters = catalog.Metadata.Parameters;
        string saePath = saeOption ?? (parameters.TryGetValue("sae", out var recorded) ? recorded
            : throw new InvalidOptionException(nameof(ExportRequest.Sae), "the catalog does not record its SAE folder; give the SAE folder"));
        if (saeOption is null && !Directory.Exists(saePath) && !File.Exists(saePath))
            throw new InvalidInputFileException(saePath, "the SAE folder the catalog was analysed with is gone; give the SAE folder") { Option = nameof(ExportRequest.Sae) };
        if (FolderPaths.Overlap(outDir, saePath))
            throw new InvalidOptionException(nameof(ExportRequest.Output), $"the output folder {outDir} is, holds or lies inside the source SAE {saePath}: export writes elsewhere");
        var loaded = SaeFiles.Load(saePath);
        if (loaded.Config.DSae != catalog.Count)
            throw new InvalidInputFileException(saePath, $"this SAE has {loaded.Config.DSae} latents but the catalog {catalog.Count} features: not the catalog's SAE");
        if (parameters.TryGetValue("hook", out var hook) && loaded.Config.HookName is { } saeHook && saeHook != hook)
            throw new InvalidInputFileException(saePath, $"this SAE reads {saeHook} but the catalog was analysed at {hook}: not the catalog's SAE");
        using var folderLock = FolderLock.Acquire(outDir, Stage);   // a second writer is refused, never interleaved
        SaeLensExport.Write(loaded, outDir, first, end, new Dictionary<string, string>
        {
            ["shoggoth_catalog"] = catalog.Metadata.Name,
            ["source_sae"] = Path.GetFullPath(saePath),
        });
    }
}
