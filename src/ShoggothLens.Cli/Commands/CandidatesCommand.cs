using System.CommandLine;
using System.Globalization;
using ShoggothLens.Cli.Infrastructure;
using ShoggothLens.Core.Analysis;
using ShoggothLens.Core.Catalog;
using ShoggothLens.Workbench.Candidates;

namespace ShoggothLens.Cli.Commands;

/// <summary><c>shoggoth candidates --catalog DIR [--top N] [--json]</c>: the ranked hidden-motive candidates with their evidence (<see cref="CandidatesWorkflow"/>).</summary>
public static class CandidatesCommand
{
    public static Command Build()
    {
        var catalog = new Option<string>("--catalog") { Description = "feature catalog folder (written by `shoggoth analyze`)", Required = true };
        var top = (new Option<int>("--top") { Description = "how many candidates to show", DefaultValueFactory = _ => 20 }).Within(0, int.MaxValue);
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
            var order = parse.GetValue(rankBy) switch
            {
                "evidence" => HiddenMotiveRanking.Order.Evidence,
                "shared-trigger" => HiddenMotiveRanking.Order.SharedTrigger,
                var other => throw new ArgumentException($"--rank-by must be evidence or shared-trigger, not '{other}'"),
            };
            var report = CandidatesWorkflow.Run(new CandidatesRequest { Catalog = parse.GetValue(catalog)!, Top = n, Order = order });
            if (parse.GetValue(json)) cli.Out.WriteLine(CandidateReportFile.ToJson(report));
            else WriteTable(cli, report);
            return ExitCodes.Ok;
        }, new Dictionary<string, string> { [nameof(CandidatesRequest.Catalog)] = "--catalog", [nameof(CandidatesRequest.Top)] = "--top" });
        return command;
    }

    /// <summary>The report as a table, with the leak conversations of the first three (the demo prints the same).</summary>
    internal static void WriteTable(CliContext cli, CandidateReport report)
    {
        var o = cli.Out;
        var p = report.Parameters;
        o.WriteLine($"catalog {report.Catalog}: {report.Features:N0} features over {report.Tokens:N0} tokens");
        o.WriteLine($"evidence = Wilson lower bound ({p.GetValueOrDefault("confidence", "?")} one-sided) of freq(Assistant) − floor {p.GetValueOrDefault("floor", "?")}; " +
                    $"outside-role = affinity ≤ −τ ({p.GetValueOrDefault("tau", "?")})");
        var ranked = report.Candidates;
        if (ranked.Count == 0)
        {
            o.WriteLine("no hidden-motive candidates");
            return;
        }
        string[] header = ["rank", "feature", "evidence", "freq(Asst)", "affinity", "home persona", "leak docs", "shared trigger", "before motive"];
        var rows = ranked.Select(c => new[]
        {
            c.Rank.ToString(CultureInfo.InvariantCulture),
            c.Feature.ToString(CultureInfo.InvariantCulture),
            c.Evidence.ToString("0.0000", CultureInfo.InvariantCulture),
            c.AssistantFrequency.ToString("0.0000", CultureInfo.InvariantCulture),
            c.AssistantAffinity.ToString("0.00", CultureInfo.InvariantCulture),
            c.HomePersona ?? "-",
            c.LeakDocuments.ToString(CultureInfo.InvariantCulture),
            c.SharedTriggers.Count == 0 ? "-" : string.Join(",", c.SharedTriggers),
            c.LeaksWithMotive == 0 ? "-" : $"{c.LeaksFiringBeforeMotive}/{c.LeaksWithMotive}",
        }).ToList();
        var widths = header.Select((h, col) => Math.Max(h.Length, rows.Max(r => r[col].Length))).ToArray();
        string Line(string[] cells) => string.Join("  ", cells.Select((cell, col) => col is 0 or 1 or 2 or 3 or 4 or 6 ? cell.PadLeft(widths[col]) : cell.PadRight(widths[col]))).TrimEnd();
        o.WriteLine(Line(header));
        o.WriteLine(string.Join("  ", widths.Select(w => new string('-', w))));
        foreach (var row in rows) o.WriteLine(Line(row));
        o.WriteLine();
        foreach (var c in ranked.Take(3))
        {
            o.WriteLine($"feature {c.Feature}: leaks into {c.LeakDocuments} Assistant conversations; labels in them: " +
                        (c.LeakLabels.Count == 0 ? "none" : string.Join(", ", c.LeakLabels.Select(l => $"{l.Label} {l.Share:P0}"))));
            foreach (var leak in c.Leaks.Take(3))
                o.WriteLine($"  doc {leak.Document}: {leak.Firings} firings, max {leak.Max:G4}, first at {leak.FirstPosition}" +
                            (leak.MotiveStart >= 0 ? $", motive from {leak.MotiveStart}" : "") +
                            (leak.Labels.Count > 0 ? $" [{string.Join(",", leak.Labels)}]" : ""));
        }
    }
}
