using System.CommandLine;
using ShoggothLens.Cli.Infrastructure;
using ShoggothLens.Core.ActivationStore;
using ShoggothLens.Core.Catalog;

namespace ShoggothLens.Cli.Commands;

/// <summary>
/// <c>shoggoth export --catalog DIR --format csv|json --out DIR [--features A-B] [--shard i/N] [--batch-size 128]</c>:
/// per-feature scores in batch files (see <see cref="ScoreExport"/>). Neuronpedia and SAELens formats are not implemented yet.
/// </summary>
public static class ExportCommand
{
    public static Command Build()
    {
        var catalog = new Option<string>("--catalog") { Description = "feature catalog folder", Required = true };
        var format = new Option<string>("--format") { Description = "csv or json (neuronpedia and saelens: not implemented yet)", Required = true };
        var output = new Option<string>("--out") { Description = "output folder", Required = true };
        var range = new Option<string?>("--features") { Description = "feature ids A-B (inclusive); default all" };
        var shard = new Option<string?>("--shard") { Description = "i/N: write only this shard's batch files" };
        var batchSize = new Option<int>("--batch-size") { Description = "features per batch file", DefaultValueFactory = _ => 128 };
        var command = new Command("export", "Export a feature catalog's per-feature scores as batch files (resumable, deterministic).")
        {
            catalog, format, output, range, shard, batchSize,
        };
        CliAction.Set(command, (parse, cli) =>
        {
            var kind = parse.GetValue(format)!.ToLowerInvariant() switch
            {
                "csv" => ScoreExport.Format.Csv,
                "json" => ScoreExport.Format.Json,
                "neuronpedia" or "saelens" => throw new ArgumentException($"--format {parse.GetValue(format)} is not implemented yet (csv and json are)"),
                var other => throw new ArgumentException($"--format: '{other}' is not one of csv, json"),
            };
            int size = parse.GetValue(batchSize);
            if (size < 1) return cli.Fail("--batch-size must be ≥ 1", ExitCodes.Usage);
            var (index, count) = parse.GetValue(shard) is { } spec ? ShardRange.ParseSpec(spec) : (0, 1);
            using var opened = FeatureCatalog.Open(parse.GetValue(catalog)!);
            int first = 0, end = opened.Count;
            if (parse.GetValue(range) is { } text)
            {
                var parts = text.Split('-');
                if (parts.Length != 2 || !int.TryParse(parts[0], out first) || !int.TryParse(parts[1], out int last) || first < 0 || last < first || last >= opened.Count)
                    throw new FormatException($"--features expects A-B with 0 ≤ A ≤ B < {opened.Count}; got '{text}'");
                end = last + 1;
            }
            int written = ScoreExport.Write(opened, parse.GetValue(output)!, kind, first, end, size, index, count);
            cli.Out.WriteLine($"exported features {first}-{end - 1} (shard {index}/{count}): {written} batch files written");
            return ExitCodes.Ok;
        });
        return command;
    }
}
