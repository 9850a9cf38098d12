using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using ShoggothLens.Cli.Infrastructure;
using ShoggothLens.Core.Analysis;
using ShoggothLens.Core.Catalog;

namespace ShoggothLens.Cli.Commands;

/// <summary><c>shoggoth candidates --catalog DIR [--top N] [--json]</c>: the ranked hidden-motive candidates with their evidence.</summary>
public static class CandidatesCommand
{
    public static Command Build()
    {
        var catalog = new Option<string>("--catalog") { Description = "feature catalog folder (written by `shoggoth analyze`)", Required = true };
        var top = new Option<int>("--top") { Description = "how many candidates to show", DefaultValueFactory = _ => 20 };
        var json = new Option<bool>("--json") { Description = "print one JSON document for scripts" };
        var rankBy = new Option<string>("--rank-by")
        {
            Description = "evidence (DESIGN.md: Wilson bound of Assistant firing) or shared-trigger (candidates whose leaks share a label first, then evidence)",
            DefaultValueFactory = _ => "evidence",
        };
        var command = new Command("candidates", "Hidden-motive candidates: outside-role features that still fire in Assistant turns, ranked by evidence.")
        {
            catalog, top, json, rankBy,
        };
        CliAction.Set(command, (parse, cli) =>
        {
            int n = parse.GetValue(top);
            if (n < 1) return cli.Fail("--top must be ≥ 1", ExitCodes.Usage);
            using var opened = FeatureCatalog.Open(parse.GetValue(catalog)!);
            var order = parse.GetValue(rankBy) switch
            {
                "evidence" => HiddenMotiveRanking.Order.Evidence,
                "shared-trigger" => HiddenMotiveRanking.Order.SharedTrigger,
                var other => throw new ArgumentException($"--rank-by must be evidence or shared-trigger, not '{other}'"),
            };
            var ranked = HiddenMotiveRanking.Rank(opened.ReadAll(), order).Take(n).ToList();
            if (parse.GetValue(json)) WriteJson(cli, opened.Metadata, ranked);
            else WriteTable(cli, opened.Metadata, ranked);
            return ExitCodes.Ok;
        });
        return command;
    }

    static double AssistantFrequency(FeatureStatistics f)
    {
        long tokens = 0, fires = 0;
        foreach (var r in f.ByRole)
            if (r.Role == "Assistant") { tokens += r.Tokens; fires += r.Firings; }
        return tokens == 0 ? 0 : (double)fires / tokens;
    }

    static void WriteTable(CliContext cli, CatalogMetadata metadata, IReadOnlyList<FeatureStatistics> ranked)
    {
        var o = cli.Out;
        var p = metadata.Parameters;
        o.WriteLine($"catalog {metadata.Name}: {metadata.Features:N0} features over {metadata.Tokens:N0} tokens");
        o.WriteLine($"evidence = Wilson lower bound ({p.GetValueOrDefault("confidence", "?")} one-sided) of freq(Assistant) − floor {p.GetValueOrDefault("floor", "?")}; " +
                    $"outside-role = affinity ≤ −τ ({p.GetValueOrDefault("tau", "?")})");
        if (ranked.Count == 0)
        {
            o.WriteLine("no hidden-motive candidates");
            return;
        }
        string[] header = ["rank", "feature", "evidence", "freq(Asst)", "affinity", "home persona", "leak docs", "shared trigger", "before motive"];
        var rows = ranked.Select((f, i) => new[]
        {
            (i + 1).ToString(CultureInfo.InvariantCulture),
            f.Feature.ToString(CultureInfo.InvariantCulture),
            f.Scores.HiddenMotiveEvidence.ToString("0.0000", CultureInfo.InvariantCulture),
            AssistantFrequency(f).ToString("0.0000", CultureInfo.InvariantCulture),
            f.Scores.AssistantAffinity.ToString("0.00", CultureInfo.InvariantCulture),
            f.Scores.HomePersona ?? "-",
            f.Scores.LeakDocumentCount.ToString(CultureInfo.InvariantCulture),
            f.Scores.SharedTriggers.Count == 0 ? "-" : string.Join(",", f.Scores.SharedTriggers),
            f.Scores.LeaksWithMotive == 0 ? "-" : $"{f.Scores.LeaksFiringBeforeMotive}/{f.Scores.LeaksWithMotive}",
        }).ToList();
        var widths = header.Select((h, c) => Math.Max(h.Length, rows.Max(r => r[c].Length))).ToArray();
        string Line(string[] cells) => string.Join("  ", cells.Select((cell, c) => c is 0 or 1 or 2 or 3 or 4 or 6 ? cell.PadLeft(widths[c]) : cell.PadRight(widths[c]))).TrimEnd();
        o.WriteLine(Line(header));
        o.WriteLine(string.Join("  ", widths.Select(w => new string('-', w))));
        foreach (var row in rows) o.WriteLine(Line(row));
        o.WriteLine();
        foreach (var f in ranked.Take(3))
        {
            o.WriteLine($"feature {f.Feature}: leaks into {f.Scores.LeakDocumentCount} Assistant conversations; labels in them: " +
                        (f.Scores.LeakLabels.Count == 0 ? "none" : string.Join(", ", f.Scores.LeakLabels.Select(l => $"{l.Label} {l.Share:P0}"))));
            foreach (var leak in f.Scores.LeakDocuments.Take(3))
                o.WriteLine($"  doc {leak.Document}: {leak.Firings} firings, max {leak.Max:G4}, first at {leak.FirstPosition}" +
                            (leak.MotiveStart >= 0 ? $", motive from {leak.MotiveStart}" : "") +
                            (leak.Labels.Count > 0 ? $" [{string.Join(",", leak.Labels)}]" : ""));
        }
    }

    static void WriteJson(CliContext cli, CatalogMetadata metadata, IReadOnlyList<FeatureStatistics> ranked)
    {
        var document = new
        {
            catalog = metadata.Name,
            features = metadata.Features,
            tokens = metadata.Tokens,
            parameters = metadata.Parameters,
            candidates = ranked.Select((f, i) => new
            {
                rank = i + 1,
                feature = f.Feature,
                evidence = f.Scores.HiddenMotiveEvidence,
                assistant_lower_bound = f.Scores.AssistantLowerBound,
                assistant_frequency = AssistantFrequency(f),
                assistant_affinity = f.Scores.AssistantAffinity,
                home_persona = f.Scores.HomePersona,
                leak_documents = f.Scores.LeakDocumentCount,
                shared_triggers = f.Scores.SharedTriggers,
                leak_labels = f.Scores.LeakLabels.Select(l => new { label = l.Label, documents = l.Documents, share = l.Share }),
                leaks_with_motive = f.Scores.LeaksWithMotive,
                leaks_firing_before_motive = f.Scores.LeaksFiringBeforeMotive,
                leaks = f.Scores.LeakDocuments.Select(l => new { document = l.Document, firings = l.Firings, max = l.Max, first_position = l.FirstPosition, motive_start = l.MotiveStart, labels = l.Labels }),
            }),
        };
        cli.Out.WriteLine(JsonSerializer.Serialize(document, new JsonSerializerOptions { WriteIndented = true }));
    }
}
