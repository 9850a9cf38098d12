using System.CommandLine;
using System.Globalization;
using ShoggothLens.Cli.Infrastructure;
using ShoggothLens.Core.ActivationStore;
using ShoggothLens.Core.Catalog;
using ShoggothLens.Core.Export;
using ShoggothLens.Core.Formats;
using ShoggothLens.Sae.Export;
using ShoggothLens.Sae.Formats;

namespace ShoggothLens.Cli.Commands;

/// <summary>
/// <c>shoggoth export --catalog DIR --format neuronpedia|saelens|csv|json --out DIR [--features A-B] [--shard i/N] [--batch-size 128]</c>
/// (docs/export.md). neuronpedia, csv and json write batch files <c>batch-N.EXT</c> (<see cref="BatchExporter"/>:
/// sharded, resumable, deterministic); saelens writes the catalog's SAE (or its latents A-B) as cfg.json +
/// sae_weights.safetensors (<see cref="SaeLensExport"/>).
/// </summary>
public static class ExportCommand
{
    public static Command Build()
    {
        var catalog = new Option<string>("--catalog") { Description = "feature catalog folder", Required = true };
        var format = new Option<string>("--format") { Description = "neuronpedia, saelens, csv or json", Required = true };
        var output = new Option<string>("--out") { Description = "output folder", Required = true };
        var range = new Option<string?>("--features") { Description = "feature ids A-B (inclusive); default all" };
        var shard = new Option<string?>("--shard") { Description = "i/N: write only this shard's batch files (batch formats)" };
        var batchSize = new Option<int>("--batch-size") { Description = "features per batch file", DefaultValueFactory = _ => 128 };
        var sae = new Option<string?>("--sae") { Description = "saelens: the SAE folder (default: the one the catalog was analysed with)" };
        var modelId = new Option<string?>("--model-id") { Description = "neuronpedia: model_id (default: the catalog's model parameter, else empty)" };
        var saeSet = new Option<string?>("--sae-set") { Description = "neuronpedia: sae_set (default: the catalog's name)" };
        var suffix = new Option<string?>("--sae-id-suffix") { Description = "neuronpedia: sae_id_suffix (default: none)" };
        var layer = new Option<int?>("--layer") { Description = "neuronpedia: layer (default: L of the catalog's hook blocks.L.…)" };
        var dataset = new Option<string?>("--dataset") { Description = "neuronpedia: dataset (default: the catalog's corpus, else store)" };
        var command = new Command("export", "Export a feature catalog: Neuronpedia batch JSON, the SAE in SAELens layout, or the scores as CSV/JSON.")
        {
            catalog, format, output, range, shard, batchSize, sae, modelId, saeSet, suffix, layer, dataset,
        };
        command.SetAction((parse, token) => Task.FromResult(CliAction.Guard(parse, (p, cli) =>
        {
            string kind = p.GetValue(format)!.ToLowerInvariant();
            if (kind is not ("neuronpedia" or "saelens" or "csv" or "json"))
                throw new ArgumentException($"--format: '{p.GetValue(format)}' is not one of neuronpedia, saelens, csv, json");
            int size = p.GetValue(batchSize);
            if (size < 1) return cli.Fail("--batch-size must be ≥ 1", ExitCodes.Usage);
            var (index, count) = p.GetValue(shard) is { } spec ? ShardRange.ParseSpec(spec, "--shard") : (0, 1);
            string outDir = p.GetValue(output)!;
            using var opened = FeatureCatalog.Open(p.GetValue(catalog)!);
            var (first, end) = BatchPlan.ParseRange(p.GetValue(range), opened.Count);

            if (kind == "saelens")
            {
                if (count != 1) throw new ArgumentException("--shard applies to the batch formats (neuronpedia, csv, json), not to saelens");
                return ExportSae(cli, opened, p.GetValue(sae), outDir, first, end);
            }

            IBatchFormat batches = kind switch
            {
                "csv" => new ScoreCsvFormat(),
                "json" => new ScoreJsonFormat(),
                _ => new NeuronpediaFormat(Settings(opened.Metadata, p.GetValue(modelId), p.GetValue(saeSet), p.GetValue(suffix), p.GetValue(layer), p.GetValue(dataset))),
            };
            var plan = new BatchPlan(first, end, size);
            using var signal = new TerminationSignal(token, () => cli.Error.WriteLine("stopping after the current batch file (press Ctrl-C again to quit at once)"));
            var summary = ExportProgressDisplay.Run(cli, $"export {kind}", progress => BatchExporter.Run(opened, outDir, batches, plan, index, count, progress, signal.Token));
            var (b0, b1) = plan.Shard(index, count);
            cli.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"exported features {first}-{end - 1} as {kind} (shard {index}/{count}, batches {b0}-{b1 - 1} of {plan.Batches}): {summary.Written} batch files written"
                + $"{(summary.Replaced > 0 ? $" ({summary.Replaced} incomplete ones replaced)" : "")}, {summary.Skipped} already complete; "
                + $"{summary.FeaturesWritten:N0} features in {summary.Elapsed.TotalSeconds:F1} s, {summary.FeaturesPerSecond:N0} features/s"));
            if (summary.Cancelled)
            {
                cli.Error.WriteLine("interrupted: run the same command again to finish (complete batch files are kept)");
                return ExitCodes.Interrupted;
            }
            return ExitCodes.Ok;
        })));
        return command;
    }

    static NeuronpediaSettings Settings(CatalogMetadata metadata, string? modelId, string? saeSet, string? suffix, int? layer, string? dataset)
    {
        var s = NeuronpediaSettings.FromCatalog(metadata);
        return s with
        {
            ModelId = modelId ?? s.ModelId,
            SaeSet = saeSet ?? s.SaeSet,
            SaeIdSuffix = suffix ?? s.SaeIdSuffix,
            Layer = layer ?? s.Layer,
            Dataset = dataset ?? s.Dataset,
        };
    }

    /// <summary>
    /// The catalog records the SAE's folder (parameter <c>sae</c>) and hook; the SAE found there (or at --sae) must
    /// have as many latents as the catalog has features, and the catalog's hook when its config names one.
    /// </summary>
    static int ExportSae(CliContext cli, FeatureCatalog catalog, string? saeOption, string outDir, int first, int end)
    {
        var parameters = catalog.Metadata.Parameters;
        string saePath = saeOption ?? (parameters.TryGetValue("sae", out var recorded) ? recorded
            : throw new ArgumentException("the catalog does not record its SAE folder; pass --sae DIR"));
        if (saeOption is null && !Directory.Exists(saePath) && !File.Exists(saePath))
            throw new InvalidInputFileException(saePath, "the SAE folder the catalog was analysed with is gone; pass --sae DIR");
        var loaded = SaeFiles.Load(saePath);
        if (loaded.Config.DSae != catalog.Count)
            throw new InvalidInputFileException(saePath, $"this SAE has {loaded.Config.DSae} latents but the catalog {catalog.Count} features: not the catalog's SAE");
        if (parameters.TryGetValue("hook", out var hook) && loaded.Config.HookName is { } saeHook && saeHook != hook)
            throw new InvalidInputFileException(saePath, $"this SAE reads {saeHook} but the catalog was analysed at {hook}: not the catalog's SAE");
        SaeLensExport.Write(loaded, outDir, first, end, new Dictionary<string, string>
        {
            ["shoggoth_catalog"] = catalog.Metadata.Name,
            ["source_sae"] = Path.GetFullPath(saePath),
        });
        cli.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"exported {(first == 0 && end == catalog.Count ? $"the whole SAE ({end} latents)" : $"latents {first}-{end - 1} of {catalog.Count}")} in SAELens layout to {outDir}"));
        return ExitCodes.Ok;
    }
}
