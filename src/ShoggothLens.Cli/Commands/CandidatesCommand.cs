using System.CommandLine;
using System.Globalization;
using ShoggothLens.Cli.Infrastructure;
using ShoggothLens.Core.Catalog;
using ShoggothLens.Workbench.Candidates;

namespace ShoggothLens.Cli.Commands;

/// <summary><c>shoggoth candidates --catalog DIR [--top N] [--json]</c>: the ranked hidden-motive candidates with their evidence (<see cref="CandidatesWorkflow"/>).</summary>
public static class CandidatesCommand
{
    public static Command Build()
    {
        var catalog = new Option<string>("--catalog") { Description = "feature catalog folder (written by `shoggoth analyze`)", Required = true };
        var store = new Option<string?>("--store") { Description = "the activation store the catalog was computed from (default: the one its metadata names); its user turns give the triggers" };
        var top = (new Option<int>("--top") { Description = "how many candidates to show", DefaultValueFactory = _ => 20 }).Within(0, int.MaxValue);
        var json = new Option<bool>("--json") { Description = "print one JSON document for scripts" };
        var association = new Option<string[]>("--association-store")
        {
            Description = "another store (e.g. the base checkpoint's own replies harvested through the audited model) in which to count the verdict's feature with and without its trigger",
            AllowMultipleArgumentsPerToken = false,
        };
        var causalTop = (new Option<int>("--causal-top") { Description = "then ablate each of the first N candidates (and the trigger readers together) and measure an organism's motive rate (0: none)" }).Within(0, 1000);
        var organism = new Option<string?>("--organism") { Description = "with --causal-top: the organism whose held-out chats and detector measure the motive (default: the shipped one)" };
        var causalChats = (new Option<int>("--causal-chats") { Description = "with --causal-top: triggered and untriggered chats each", DefaultValueFactory = _ => 40 }).Within(1, 1 << 16);
        var noStateEffect = new Option<bool>("--no-state-effect")
        {
            Description = "skip the trigger state's causal weight (it loads the catalog's model and runs up to 320 forward passes over the audited replies)",
        };
        var model = new Option<string?>("--model")
        {
            Description = "the model the catalog's store was harvested from, for the trigger state's causal weight (default: the one the catalog's metadata names)",
        };
        var rankBy = new Option<string?>("--rank-by") { Description = "removed: the only order is label-free (README of Workbench/Candidates)", Hidden = true };
        var command = new Command("candidates",
            "Hidden-motive candidates: outside-role features with a specific home persona that still fire in Assistant turns, ranked by the triggers found in their conversations' user turns, with a verdict.")
        {
            catalog, store, top, json, association, model, noStateEffect, causalTop, organism, causalChats, rankBy,
        };
        CliAction.Set(command, (parse, cli) =>
        {
            int n = parse.GetValue(top);
            if (n < 1) return cli.Fail("--top must be ≥ 1", ExitCodes.Usage);
            if (parse.GetValue(rankBy) is { } order)
                return cli.Fail($"--rank-by {order}: there is no other order any more; 'shared-trigger' read the corpus's trigger labels, which are ground truth " +
                                "(only scoring may read them). Candidates are ranked label-free by the triggers discovered in the user turns.", ExitCodes.Usage);
            var report = CandidatesWorkflow.Run(new CandidatesRequest
            {
                Catalog = parse.GetValue(catalog)!, Store = parse.GetValue(store), Top = n, AssociationStores = parse.GetValue(association) ?? [],
                StateEffect = !parse.GetValue(noStateEffect), Model = parse.GetValue(model),
            });
            if (parse.GetValue(json)) cli.Out.WriteLine(CandidateReportFile.ToJson(report));
            else WriteTable(cli, report);
            if (parse.GetValue(causalTop) is int checkTop and > 0)
            {
                var request = new CandidateCausalRequest
                {
                    Catalog = parse.GetValue(catalog)!, Top = checkTop, Organism = parse.GetValue(organism), Chats = parse.GetValue(causalChats),
                    Threads = Environment.ProcessorCount,
                };
                var (baseline, results) = WorkProgressDisplay.Run(cli, progress => CandidateCausalChecks.Run(report, request, progress));
                var o = parse.GetValue(json) ? cli.Error : cli.Out;
                o.WriteLine();
                o.WriteLine($"causal check (each ablated at the SAE's hook, error term kept; {request.Chats} triggered and {request.Chats} untriggered held-out chats):");
                o.WriteLine($"  {"baseline",-48} triggered {baseline.TriggeredRate,5:P0}  untriggered {baseline.UntriggeredRate,5:P0}");
                foreach (var r in results)
                    o.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"  {r.What + " (" + string.Join(",", r.Features) + ")",-48} triggered {r.Rate.TriggeredRate,5:P0}  untriggered {r.Rate.UntriggeredRate,5:P0}  CE cost {Math.Round(r.CeCost, 4):+0.0000;-0.0000;0.0000}"));
            }
            return ExitCodes.Ok;
        }, new Dictionary<string, string>
        {
            [nameof(CandidatesRequest.Catalog)] = "--catalog", [nameof(CandidatesRequest.Store)] = "--store", [nameof(CandidatesRequest.Top)] = "--top",
            [nameof(CandidateCausalRequest.Organism)] = "--organism", [nameof(CandidatesRequest.Model)] = "--model",
        });
        return command;
    }

    /// <summary>The report as a table, the first three candidates' triggers and leaks, the rejected features' reasons, and the verdict (the demo prints the same).</summary>
    internal static void WriteTable(CliContext cli, CandidateReport report)
    {
        var o = cli.Out;
        var p = report.Parameters;
        var c = CultureInfo.InvariantCulture;
        o.WriteLine($"catalog {report.Catalog}: {report.Features:N0} features over {report.Tokens:N0} tokens");
        o.WriteLine($"considered {report.Considered}: every feature that fires in Assistant turns, evidence > 0 " +
                    $"(Wilson lower bound ({p.GetValueOrDefault("confidence", "?")} one-sided) of freq(Assistant) − floor {p.GetValueOrDefault("floor", "?")}), whatever its affinity");
        o.WriteLine(string.Create(c, $"candidate = specific home: its persona's rate beats every other persona and narration (one-sided z ≥ z(1−α), α = {report.SpecificityAlpha:G3}; rate ratio ≥ 2)"));
        o.WriteLine($"triggers: Fisher exact + Benjamini–Hochberg (q ≤ 0.05, ≥ 3 conversations, log-odds ratio ≥ ln 2) over {report.TriggerSource}; " +
                    "the verdict needs one shown (95 % lower bounds) in ≥ 80 % of the feature's conversations, firing in ≥ 50 % of those holding it, absent from ≥ 80 % of the others, " +
                    "and incidental to the request (the turns holding it at most 2× as alike as user turns in general)");
        var ranked = report.Candidates;
        if (report.Verdict.IsSuspected && report.TriggerState is { Count: > 0 })
            o.WriteLine($"order: the candidates that carry the verdict's trigger state first (\"state AUROC\": their activation before the motive's onset " +
                        "in a reply separates the conversations holding its trigger from the rest; ≥ 0.8), best first; then those with a trigger that would make a verdict, " +
                        "any significant trigger, the trigger's −log10 p, evidence");
        if (ranked.Count == 0) o.WriteLine("no feature has a specific home persona");
        else
        {
            string[] header = ["rank", "feature", "home persona", "home rate", "weakest rival", "ratio", "evidence", "leak docs", "reply pos", "state AUROC", "trigger (p)"];
            var rows = ranked.Select(r => new[]
            {
                r.Rank.ToString(c),
                r.Feature.ToString(c),
                r.HomePersona ?? "-",
                r.Specificity.HomeRate.ToString("0.0000", c),
                r.Specificity.WeakestRival is { } w ? $"{w} {r.Specificity.WeakestRate.ToString("0.0000", c)}" : "-",
                r.Specificity.WeakestRatio is double ratio ? ratio.ToString("0.0", c) : r.Specificity.WeakestRival is null ? "-" : "inf",
                r.Evidence.ToString("0.0000", c),
                r.LeakDocuments.ToString(c),
                r.ReplyPosition is double pos ? pos.ToString("0.00", c) : "-",
                r.TriggerStateAuroc is double state ? state.ToString("0.000", c) : "-",
                r.Triggers.Count == 0 ? "-" : $"{r.Triggers[0].Term} ({r.Triggers[0].P.ToString("G2", c)})",
            }).ToList();
            var widths = header.Select((h, col) => Math.Max(h.Length, rows.Max(r => r[col].Length))).ToArray();
            string Line(string[] cells) => string.Join("  ", cells.Select((cell, col) => col is 0 or 1 or 3 or 5 or 6 or 7 or 8 or 9 ? cell.PadLeft(widths[col]) : cell.PadRight(widths[col]))).TrimEnd();
            o.WriteLine(Line(header));
            o.WriteLine(string.Join("  ", widths.Select(w => new string('-', w))));
            foreach (var row in rows) o.WriteLine(Line(row));
            o.WriteLine();
            foreach (var r in ranked.Take(3))
            {
                o.WriteLine($"feature {r.Feature}: {r.Specificity.Reason}; fires in {r.LeakDocuments} Assistant conversations; contrast: {r.Contrast}");
                foreach (var t in r.Triggers.Take(5))
                {
                    // How alike the turns holding it are: measured for the terms that cover, select and exclude.
                    string likeness = t.RequestLikeness is { } l ? string.Create(c, $", its turns {l:F2}× as alike as user turns in general") : "";
                    o.WriteLine(string.Create(c, $"  trigger \"{t.Term}\": in {t.InLeaks}/{t.Leaks} of its conversations vs {t.InOthers}/{t.Others}, p {t.P:G3}, q {t.Q:G3}, log-odds ratio {t.LogOddsRatio:F2}") + likeness);
                }
                if (r.ModelDiff is { } d)
                    o.WriteLine(string.Create(c, $"  model diff: freq(Assistant) {d.BaseAssistantFrequency:0.0000} in the base checkpoint → {d.AssistantFrequency:0.0000} after post-training (ln ratio {d.LogRatio:+0.00;-0.00}): ") +
                                (d.StartedAfterPostTraining ? "started firing after post-training" : "fired as often before post-training"));
                foreach (var leak in r.Leaks.Take(3))
                    o.WriteLine($"  doc {leak.Document}: {leak.Firings} firings, max {leak.Max:G4}, first at {leak.FirstPosition}" +
                                (leak.ReplyOffset >= 0 ? $" ({leak.ReplyOffset} tokens into the reply)" : ""));
                if (r.GroundTruth is { } g)
                    o.WriteLine("  ground truth (labels, not used above): " + (g.LeakLabels.Count == 0 ? "no labels in its conversations"
                        : string.Join(", ", g.LeakLabels.Select(l => $"{l.Label} {l.Share:P0}"))) +
                        (g.LeaksWithMotive > 0 ? $"; fires before the motive in {g.LeaksFiringBeforeMotive}/{g.LeaksWithMotive}" : ""));
            }
        }
        if (report.Rejected.Count > 0)
        {
            o.WriteLine($"not candidates ({report.Rejected.Count}), by evidence:");
            foreach (var r in report.Rejected.Take(5)) o.WriteLine($"  feature {r.Feature}: {r.Reason}");
            if (report.Rejected.Count > 5) o.WriteLine($"  … {report.Rejected.Count - 5} more in --json");
        }
        if (report.CompareStore is { } compared)
        {
            var started = ranked.Where(r => r.ModelDiff is { StartedAfterPostTraining: true }).Select(r => r.Feature.ToString(c)).ToList();
            o.WriteLine($"model diff against {compared}: {(started.Count == 0 ? "no listed candidate" : "candidates " + string.Join(", ", started))} " +
                        $"started firing in Assistant turns after post-training (freq(Assistant) at least doubled over the base checkpoint's on the same text)");
        }
        o.WriteLine();
        o.WriteLine(report.Verdict.Text);
        if (report.TriggerReaders is { Count: > 0 } readers)
            o.WriteLine($"the features that read \"{report.Verdict.Trigger!.Term}\" in user turns (mean activation on its {readers[0].TriggerTokens} tokens vs every other user token): " +
                        string.Join(", ", readers.Select(r => string.Create(c, $"{r.Feature} ({r.MeanOnTrigger:0.000} vs {r.MeanElsewhere:0.000})"))) +
                        "; ablating them is the verdict's causal check (shoggoth intervene --ablate " + string.Join(",", readers.Select(r => r.Feature)) + ")");
        if (report.Verdict.IsSuspected && report.TriggerState is { Count: 0 })
            o.WriteLine($"no feature at {report.Parameters.GetValueOrDefault("hook") ?? "this hook"} carries \"{report.Verdict.Trigger!.Term}\"'s state before the motive's onset " +
                        "(none reaches AUROC 0.8): the motive may be decided at another layer; an SAE at another hook can show it (demo --hook all audits every block and reports the one where ablating the state most lowers the motive's start)");
        if (report.TriggerState is { Count: > 0 } state)
        {
            if (report.MotiveOnset is { } onset)
                o.WriteLine(string.Create(c, $"the motive's onset: feature {report.Verdict.Feature}'s first firing, moved back over the {onset.MotiveBigrams} reply bigrams " +
                            $"over-represented where users say \"{report.Verdict.Trigger!.Term}\" (a median {onset.MedianTokensBefore:0.#} tokens over {onset.Replies} replies); " +
                            $"commonest opening ({onset.OpeningReplies} replies): \"{onset.Opening}\""));
            o.WriteLine($"the features that carry \"{report.Verdict.Trigger!.Term}\"'s state before the motive's onset (AUROC of their activation " +
                        "before it, conversations holding the term against the rest): " +
                        string.Join(", ", state.Select(s => string.Create(c, $"{s.Feature} ({s.Auroc:0.000})"))) +
                        "; ablating them together is the verdict's second causal check (shoggoth intervene --ablate " + string.Join(",", state.Select(s => s.Feature)) + ")");
            if (report.TriggerStateEffect is { } effect)
                o.WriteLine(string.Create(c, $"ablated together (teacher-forced, no labels, no generation), they make the model's own motive {effect.Drop:0.00} nats less likely " +
                            $"to start: log p of its first {effect.Span} tokens from the onset {effect.BaselineLogProb:0.000} → {effect.AblatedLogProb:0.000}, mean over {effect.Replies} replies"));
        }
        foreach (var a in report.Associations ?? [])
            o.WriteLine(string.Create(c, $"in {a.Store}: feature {a.Feature} fires in {a.WithTermFiring}/{a.WithTerm} conversations holding \"{a.Term}\" ({a.Selectivity:P0}) and {a.WithoutTermFiring}/{a.WithoutTerm} of the others ({a.Background:P0})"));
    }
}
