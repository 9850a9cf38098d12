using System.CommandLine;
using System.Globalization;
using ShoggothLens.Cli.Infrastructure;
using ShoggothLens.Core.ActivationStore;
using ShoggothLens.Workbench.Export;

namespace ShoggothLens.Cli.Commands;

/// <summary>
/// <c>shoggoth export --catalog DIR --format neuronpedia|saelens|csv|json --out DIR [--features A-B] [--shard i/N] [--batch-size 128]</c>
/// (docs/export.md). neuronpedia, csv and json write batch files <c>batch-N.EXT</c> (sharded, resumable,
/// deterministic); saelens writes the catalog's SAE (or its latents A-B) as cfg.json + sae_weights.safetensors.
/// The work is <see cref="ExportWorkflow"/>'s; this parses, calls and prints.
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
        var batchSize = (new Option<int>("--batch-size") { Description = "features per batch file", DefaultValueFactory = _ => 128 }).Within(1, 1 << 16);
        var sae = new Option<string?>("--sae") { Description = "saelens: the SAE folder (default: the one the catalog was analysed with)" };
        var modelId = new Option<string?>("--model-id") { Description = "neuronpedia: model_id (default: the catalog's model parameter, else empty)" };
        var saeSet = new Option<string?>("--sae-set") { Description = "neuronpedia: sae_set (default: the catalog's name)" };
        var suffix = new Option<string?>("--sae-id-suffix") { Description = "neuronpedia: sae_id_suffix (default: none)" };
        var layer = (new Option<int?>("--layer") { Description = "neuronpedia: layer (default: L of the catalog's hook blocks.L.…)" }).Within(0, 1 << 16);
        var dataset = new Option<string?>("--dataset") { Description = "neuronpedia: dataset (default: the catalog's corpus, else store)" };
        var command = new Command("export", "Export a feature catalog: Neuronpedia batch JSON, the SAE in SAELens layout, or the scores as CSV/JSON.")
        {
            catalog, format, output, range, shard, batchSize, sae, modelId, saeSet, suffix, layer, dataset,
        };
        command.SetAction((parse, token) => Task.FromResult(CliAction.Guard(parse, (p, cli) =>
        {
            var kind = p.GetValue(format)!.ToLowerInvariant() switch
            {
                "neuronpedia" => ExportFormat.Neuronpedia,
                "saelens" => ExportFormat.SaeLens,
                "csv" => ExportFormat.Csv,
                "json" => ExportFormat.Json,
                _ => throw new ArgumentException($"--format: '{p.GetValue(format)}' is not one of neuronpedia, saelens, csv, json"),
            };
            int size = p.GetValue(batchSize);
            if (size < 1) return cli.Fail("--batch-size must be ≥ 1", ExitCodes.Usage);
            var (index, count) = p.GetValue(shard) is { } spec ? ShardRange.ParseSpec(spec, "--shard") : (0, 1);
            if (kind == ExportFormat.SaeLens && count != 1) throw new ArgumentException("--shard applies to the batch formats (neuronpedia, csv, json), not to saelens");
            var request = new ExportRequest
            {
                Catalog = p.GetValue(catalog)!,
                Format = kind,
                Output = p.GetValue(output)!,
                Features = p.GetValue(range),
                ShardIndex = index,
                ShardCount = count,
                BatchSize = size,
                Sae = p.GetValue(sae),
                ModelId = p.GetValue(modelId),
                SaeSet = p.GetValue(saeSet),
                SaeIdSuffix = p.GetValue(suffix),
                Layer = p.GetValue(layer),
                Dataset = p.GetValue(dataset),
            };
            string name = kind.ToString().ToLowerInvariant();
            using var signal = new TerminationSignal(token, () => cli.Error.WriteLine("stopping after the current batch file (press Ctrl-C again to quit at once)"));
            var result = WorkProgressDisplay.Run(cli, progress => ExportWorkflow.Run(request, progress, signal.Token), r => !r.Cancelled);
            var (first, end) = (result.First, result.End);
            if (result.Batches is not { } summary)
            {
                cli.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"exported {(first == 0 && end == result.CatalogFeatures ? $"the whole SAE ({end} latents)" : $"latents {first}-{end - 1} of {result.CatalogFeatures}")} in SAELens layout to {request.Output}"));
                return ExitCodes.Ok;
            }
            cli.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"exported features {first}-{end - 1} as {name} (shard {index}/{count}, batches {result.FirstBatch}-{result.EndBatch - 1} of {result.Plan!.Batches}): {summary.Written} batch files written"
                + $"{(summary.Replaced > 0 ? $" ({summary.Replaced} incomplete ones replaced)" : "")}, {summary.Skipped} already complete; "
                + $"{summary.FeaturesWritten:N0} features in {summary.Elapsed.TotalSeconds:F1} s, {summary.FeaturesPerSecond:N0} features/s"));
            if (summary.Cancelled)
            {
                cli.Error.WriteLine("interrupted: run the same command again to finish (complete batch files are kept)");
                return ExitCodes.Interrupted;
            }
            return ExitCodes.Ok;
        }, Flags)));
        return command;
    }

    /// <summary>Flags (or what to do with them) of <see cref="ExportRequest"/>'s options, for messages that name an option.</summary>
    static readonly Dictionary<string, string> Flags = new()
    {
        [nameof(ExportRequest.Output)] = "--out",
        [nameof(ExportRequest.Features)] = "--features",
        [nameof(ExportRequest.ShardCount)] = "--shard",
        [nameof(ExportRequest.BatchSize)] = "--batch-size",
        [nameof(ExportRequest.Sae)] = "pass --sae DIR",
    };
}
