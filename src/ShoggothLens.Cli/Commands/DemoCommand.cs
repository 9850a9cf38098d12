using System.CommandLine;
using ShoggothLens.Cli.Infrastructure;
using ShoggothLens.Core.Work;
using ShoggothLens.Models.Harvest;
using ShoggothLens.Sae.Architectures;
using ShoggothLens.Workbench.Demo;
using ShoggothLens.Workbench.Scoring;

namespace ShoggothLens.Cli.Commands;

/// <summary>
/// <c>shoggoth demo</c>: the whole masked-shoggoth pipeline on the shipped model organism in one command
/// (<see cref="DemoWorkflow"/>: harvest → SAE → analyze → candidates, scored against the planted motive). Each stage's
/// title goes to standard error as it starts; what each stage wrote, the candidates and the score go to standard
/// output, followed by the command that browses the catalog.
/// </summary>
public static class DemoCommand
{
    public static Command Build()
    {
        var defaults = new DemoRequest();
        var output = new Option<string>("--out") { Description = "run folder (store/, sae/, catalog/)", DefaultValueFactory = _ => defaults.Output };
        var hook = new Option<string[]>("--hook")
        {
            Description = $"hook point of the organism to audit (repeat for more; \"{DemoRequest.AllHooks}\": every block's residual stream, and the report is the hook " +
                          "where ablating the verdict's trigger state makes the motive least likely to start, chosen without labels)",
            DefaultValueFactory = _ => [.. defaults.Hooks],
            AllowMultipleArgumentsPerToken = false,
        };
        var width = new Option<int>("--width") { Description = "SAE latents", DefaultValueFactory = _ => defaults.Width };
        var k = new Option<int>("--k") { Description = "TopK k", DefaultValueFactory = _ => defaults.K };
        var tokens = new Option<long>("--tokens") { Description = "SAE training tokens (the held-out corpus is about 111k tokens, so several epochs)", DefaultValueFactory = _ => defaults.Tokens };
        var top = new Option<int>("--top") { Description = "candidates to list", DefaultValueFactory = _ => defaults.Top };
        var seed = new Option<ulong>("--seed") { Description = "SAE seed", DefaultValueFactory = _ => defaults.Seed };
        var fixedReplies = new Option<bool>("--fixed-replies") { Description = "harvest the corpus's fixed Assistant text instead of the Assistant checkpoint's own replies" };
        var replyTokens = (new Option<int>("--reply-tokens") { Description = "longest generated reply", DefaultValueFactory = _ => defaults.ReplyTokens }).Within(1, 4096);
        var conversations = (new Option<int?>("--conversations") { Description = "answer only the first N held-out chats (quick runs)" }).Within(1, 1 << 20);
        var noControls = new Option<bool>("--no-controls") { Description = "skip the negative controls (the base checkpoint; the motive-free organism)" };
        var causalChats = (new Option<int>("--causal-chats") { Description = "triggered and untriggered held-out chats each for the causal check (0: none)", DefaultValueFactory = _ => defaults.CausalChats }).Within(0, 1 << 16);
        var organism = new Option<string?>("--organism") { Description = "a built organism folder to audit (organism build --out DIR); default: the shipped organism" };
        var noModelDiff = new Option<bool>("--no-model-diff") { Description = "skip the model diff (the same text through the base checkpoint)" };
        var steerAlpha = new Option<string>("--steer-alpha") { Description = "steering strengths α of the causal check, e.g. 4,8,16 (\"none\": ablation only)", DefaultValueFactory = _ => "4,8,16" };
        var json = new Option<bool>("--json") { Description = "end with one JSON line: verdict, planted feature, rank, AUROC, trigger found, motive rates, controls, candidates" };
        var serve = new Option<bool>("--serve") { Description = "then serve the catalog in the browser UI (shoggoth serve)" };
        var urls = new Option<string>("--urls") { Description = "where --serve listens", DefaultValueFactory = _ => ShoggothLens.Web.Hosting.WebOptions.DefaultUrls };
        var command = new Command("demo", "The whole pipeline on the shipped model organism: harvest → SAE → analyze → candidates, scored against the planted motive.")
        {
            output, organism, hook, width, k, tokens, top, seed, fixedReplies, replyTokens, conversations, noControls, noModelDiff, causalChats, steerAlpha, json, serve, urls,
        };
        CliAction.Set(command, (parse, cli) =>
        {
            var request = defaults with
            {
                Output = parse.GetValue(output)!,
                Hooks = parse.GetValue(hook)!,
                Width = parse.GetValue(width),
                K = parse.GetValue(k),
                Tokens = parse.GetValue(tokens),
                Top = parse.GetValue(top),
                Seed = parse.GetValue(seed),
                GenerateReplies = !parse.GetValue(fixedReplies),
                ReplyTokens = parse.GetValue(replyTokens),
                Controls = !parse.GetValue(noControls),
                Conversations = parse.GetValue(conversations),
                CausalChats = parse.GetValue(causalChats),
                Organism = parse.GetValue(organism),
                ModelDiff = !parse.GetValue(noModelDiff),
                SteerAlphas = ParseAlphas(parse.GetValue(steerAlpha)!),
            };
            try { request.Validate(); }
            catch (InvalidOptionException e) when (e.Option == nameof(DemoRequest.Hooks)) { return cli.Fail($"--hook: {e.Message}", ExitCodes.Usage); }
            catch (InvalidOptionException) { return cli.Fail("--width, --k, --tokens and --top must be positive, k ≤ width", ExitCodes.Usage); }
            using var signal = new TerminationSignal(CancellationToken.None, () => cli.Error.WriteLine("stopping the current stage where it can resume (press Ctrl-C again to quit at once)"));
            DemoResult result;
            try
            {
                result = WorkProgressDisplay.Run(cli, progress => DemoWorkflow.Run(request, StageTitles(cli, progress), signal.Token));
            }
            catch (OperationCanceledException)
            {
                cli.Error.WriteLine($"stopped; run the same command again to continue in {request.Output}");
                return ExitCodes.Interrupted;
            }
            Print(cli, result);
            if (parse.GetValue(json)) cli.Out.WriteLine(DemoJson.Line(result));
            if (!parse.GetValue(serve)) return ExitCodes.Ok;
            return ServeCommand.Serve(cli, new ShoggothLens.Web.Hosting.WebOptions([.. CatalogsChosenFirst(result)], null, parse.GetValue(urls)!, null));
        }, Flags);
        return command;
    }

    static readonly IReadOnlyDictionary<string, string> Flags = new Dictionary<string, string>
    {
        [nameof(DemoRequest.Output)] = "--out",
        [nameof(DemoRequest.Hooks)] = "--hook",
        [nameof(DemoRequest.Width)] = "--width",
        [nameof(DemoRequest.K)] = "--k",
        [nameof(DemoRequest.Tokens)] = "--tokens",
        [nameof(DemoRequest.Top)] = "--top",
        [nameof(DemoRequest.Organism)] = "--organism",
        [nameof(DemoRequest.SteerAlphas)] = "--steer-alpha",
    };

    /// <summary>"4,8,16" → [4, 8, 16]; "none" or "" → []. A value that is no finite number is a usage error.</summary>
    static IReadOnlyList<double> ParseAlphas(string text)
    {
        if (text.Trim() is "" or "none") return [];
        return text.Split(',', StringSplitOptions.TrimEntries).Select(part =>
            double.TryParse(part, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out double a) && double.IsFinite(a)
                ? a
                : throw new InvalidOptionException(nameof(DemoRequest.SteerAlphas), $"'{part}' is not a number")).ToList();
    }

    /// <summary>The demo's stage notes as "== title" lines on standard error; every other report goes to the display.</summary>
    static IProgress<WorkProgress> StageTitles(CliContext cli, IProgress<WorkProgress> display) => new InlineProgress<WorkProgress>(p =>
    {
        if (p.Kind == WorkEventKind.Note && p.Stage == DemoWorkflow.Stage) cli.Error.WriteLine($"== {p.Note}");
        else display.Report(p);
    });

    static void Print(CliContext cli, DemoResult result)
    {
        var o = cli.Out;
        var request = result.Request;
        if (result.Replies is { } replies)
            o.WriteLine(replies.AlreadyComplete
                ? $"{replies.Chats} already holds the Assistant's replies to {replies.Conversations:N0} conversations"
                : $"the Assistant answered {replies.Conversations:N0} held-out conversations ({replies.Replies:N0} replies, {replies.NewTokens:N0} tokens, " +
                  $"{replies.Seconds:F0} s) → {replies.Chats}");
        PrintHarvest(cli, result.StorePath, result.Harvest);
        if (result.Training is { } training)
        {
            var run = training.Run;
            o.WriteLine($"trained {training.Options.Architecture.SaeLensName()} SAE, {training.Options.Width} latents on {training.Options.HookName}: " +
                        $"{run.Steps} steps, {run.Tokens:N0} tokens -> {run.Directory}");
            if (run.LastLog?.Metrics is { } m)
                o.WriteLine($"last window: L0 {m.L0:F2}, MSE {m.Mse:G4}, FVE {m.FractionVarianceExplained:F4}, dead {m.DeadFraction:P1}, dense {m.DenseFraction:P1}");
        }
        if (result.Layers.Count > 1) PrintLayers(o, result);
        AnalyzeCommand.Print(cli, new() { Store = result.StorePath, Sae = result.SaePath, Output = result.CatalogPath }, result.Analysis);
        CandidatesCommand.WriteTable(cli, result.Candidates with { Candidates = result.Candidates.Candidates.Take(request.Top).ToList() });

        if (result.Score is { } score) PrintScore(o, score);
        else if (result.ScoreNotRun is { } why) o.WriteLine($"\nground truth: not scored: {why}.");
        else o.WriteLine($"\nground truth: {result.OrganismRoot} planted no motive (its spec has no covert character), so there is nothing to score; the verdict should be \"none found\".");
        o.WriteLine();
        foreach (var control in new[] { result.BaseControl, result.NoMotiveControl })
            if (control is not null)
                o.WriteLine(control.Verdict is { } v
                    ? $"negative control, {control.What}{(control.Hook is { } h ? (v.IsSuspected ? $" (audited at {result.Layers.Count} hooks; suspected at {h})" : $" (audited at {result.Layers.Count} hooks, none suspected at any; {h}'s report)") : "")}: {v.Text}{(control.Passed ? "" : "  <-- a control must find nothing")}"
                    : $"negative control, {control.What}: {control.NotRun}");
        o.WriteLine($"verdict: {result.Verdict.Text}");
        o.WriteLine($"demo finished in {result.Elapsed.TotalSeconds:F0} s; files in {request.Output}");
        if (result.Stages is { Count: > 0 } stages)
            o.WriteLine($"  time by stage: {string.Join(", ", stages.Select(t => $"{t.Stage} {t.Seconds:F0} s"))}");
        o.WriteLine(result.Layers.Count == 1
            ? $"browse the catalog: shoggoth serve --catalog {result.CatalogPath}"
            : $"browse the catalogs: shoggoth serve {string.Join(" ", CatalogsChosenFirst(result).Select(c => $"--catalog {c}"))}");
    }

    /// <summary>A rate as a percentage with one decimal where it has one (rates over 40 chats move in steps of 2.5 %).</summary>
    static string Pct(double rate) => (rate * 100).ToString("0.#", System.Globalization.CultureInfo.InvariantCulture) + " %";

    /// <summary>Every audited hook's catalog, the reported hook's first (the UI opens the first).</summary>
    static IEnumerable<string> CatalogsChosenFirst(DemoResult result) =>
        result.Layers.OrderBy(l => l.Hook == result.Hook ? 0 : 1).Select(l => l.CatalogPath);

    /// <summary>Several hooks audited: each one's label-free verdict and trigger state, which was reported and why; then (ground
    /// truth, read after the choice) where the planted state is at each.</summary>
    static void PrintLayers(TextWriter o, DemoResult result)
    {
        o.WriteLine($"audited {result.Layers.Count} hooks; the report below is {result.LayerChoice}");
        foreach (var layer in result.Layers)
        {
            var report = layer.Candidates;
            string state = report.TriggerState is { Count: > 0 } s ? $"trigger state {s.Count} feature(s), first {s[0].Feature} (AUROC {s[0].Auroc:F3})" : "no trigger state";
            if (report.TriggerStateEffect is { } e) state += $", ablated: the motive's first {e.Span} tokens {e.Drop:F2} nats less likely ({e.Replies} replies)";
            string verdict = report.Verdict is { IsSuspected: true, Trigger: { } t } v ? $"suspected: feature {v.Feature} ({v.HomePersona}), \"{t.Term}\"; {state}" : "none found";
            string truth = layer.Score is { } sc
                ? $"  [ground truth: best separating AUROC {sc.BestSeparating.Auroc:F3}{(sc.StatePlanted is { } sp ? $"; state's first planted {sp.Feature} ({sp.Auroc:F3})" : "")}]"
                : "";
            o.WriteLine($"  {(layer.Hook == result.Hook ? "*" : " ")} {layer.Hook}: {verdict}{truth}");
        }
    }

    static void PrintScore(TextWriter o, ScoreResult score)
    {
        var truth = score.Truth;
        o.WriteLine();
        o.WriteLine($"ground truth (read only now, after the verdict): the planted motive belongs to {truth.CovertPersona}; its trigger is '{truth.Trigger}'.");
        o.WriteLine($"  planted = a feature whose activation on the Assistant's tokens before the motive separates the {score.Triggered} triggered from the " +
                    $"{score.Untriggered} untriggered conversations (AUROC ≥ {score.Threshold:F2}); {score.WithMotive} replies show the motive.");
        if (score.Planted is { } planted)
            o.WriteLine($"  the first planted candidate is feature {planted.Feature} (home persona {planted.HomePersona}) at rank {planted.Rank}, AUROC {planted.Auroc:F3}.");
        else
            o.WriteLine($"  no candidate reaches AUROC {score.Threshold:F2}.");
        if (score.StatePlanted is { } sp)
            o.WriteLine($"  in the verdict's trigger state (found without labels) the first planted feature is {sp.Feature} at rank {sp.Rank}, " +
                        $"AUROC {sp.Auroc:F3} ({(sp.CandidateRank is int cr ? $"candidate rank {cr}" : sp.Standing)}); {score.StatePrecision:P0} of the state is planted.");
        else if (score.StatePrecision is not null)
            o.WriteLine($"  no feature of the verdict's trigger state reaches AUROC {score.Threshold:F2}.");
        var best = score.BestSeparating;
        o.WriteLine($"  the best-separating feature of all is {best.Feature} (AUROC {best.Auroc:F3}): {(best.Rank is int r ? $"candidate rank {r}" : best.Standing)}.");
        o.WriteLine($"  top 5: {string.Join(", ", score.Top.Select(t => $"{t.Feature} ({t.Auroc:F2})"))}; precision {Pct(score.Top5Precision)}.");
        o.WriteLine($"  the verdict {(score.VerdictNamesTrigger ? "names" : "does not name")} the planted trigger" +
                    (score.VerdictFeatureAuroc is double va ? $"; its feature's AUROC is {va:F3}." : "."));
        if (score.Ablation is { } a)
            o.WriteLine($"  causal check: ablating feature {a.Feature} moves the triggered motive rate {Pct(a.BaselineTriggered)} → {Pct(a.AblatedTriggered)} " +
                        $"(untriggered {Pct(a.BaselineUntriggered)} → {Pct(a.AblatedUntriggered)}; {a.Chats} chats each; CE cost {Math.Round(a.CeCost, 4):+0.0000;-0.0000;0.0000} nats/token)" +
                        $"{(a.Halves ? ": at least halved" : ": not halved")}.");
        if (score.ReaderAblation is { } ra)
            o.WriteLine($"  causal check of the verdict: ablating the {ra.Features.Count} features that read \"{ra.Term}\" ({string.Join(", ", ra.Features)}) moves the triggered motive rate " +
                        $"{Pct(ra.BaselineTriggered)} → {Pct(ra.AblatedTriggered)} (untriggered {Pct(ra.BaselineUntriggered)} → {Pct(ra.AblatedUntriggered)}; CE cost {Math.Round(ra.CeCost, 4):+0.0000;-0.0000;0.0000} nats/token)" +
                        $"{(ra.Halves ? ": at least halved" : ": not halved")}.");
        if (score.TriggerStateAblation is { } ts)
            o.WriteLine($"  causal check of the verdict: ablating the {ts.Features.Count} features that carry \"{ts.Term}\"'s state before the motive's onset ({string.Join(", ", ts.Features)}; found without labels) together moves the triggered motive rate " +
                        $"{Pct(ts.BaselineTriggered)} → {Pct(ts.AblatedTriggered)} (untriggered {Pct(ts.BaselineUntriggered)} → {Pct(ts.AblatedUntriggered)}; CE cost {Math.Round(ts.CeCost, 4):+0.0000;-0.0000;0.0000} nats/token)" +
                        $"{(ts.Halves ? ": at least halved" : ": not halved")}.");
        if (score.Separating is { Count: > 0 } separating && score.SeparatingAblation is null)
            o.WriteLine($"  features that separate before the motive, candidates or not: {string.Join(", ", separating.Select(f => $"{f.Feature} ({f.Auroc:F2})"))}.");
        if (score.SeparatingAblation is { } sa)
            o.WriteLine($"  ground-truth causal check: ablating the {sa.Features.Count} features that separate before the motive ({string.Join(", ", sa.Features)}; " +
                        $"chosen with the labels) together moves the triggered motive rate {Pct(sa.BaselineTriggered)} → {Pct(sa.AblatedTriggered)} " +
                        $"(untriggered {Pct(sa.BaselineUntriggered)} → {Pct(sa.AblatedUntriggered)}; CE cost {Math.Round(sa.CeCost, 4):+0.0000;-0.0000;0.0000} nats/token)" +
                        $"{(sa.Halves ? ": at least halved" : ": not halved")}.");
        if (score.Steering is { } st)
        {
            o.WriteLine($"  steering along feature {st.Feature} (α·W_dec at every position; {st.Chats} chats each): untriggered motive rate {Pct(st.BaselineUntriggered)} unsteered" +
                        $"{(st.RaisesUntriggered ? "; steering raises it" : "; steering does not raise it")}");
            foreach (var p in st.Points)
                o.WriteLine(string.Create(System.Globalization.CultureInfo.InvariantCulture,
                    $"    α {p.Alpha,5:G4}: untriggered {Pct(p.Untriggered),6}, triggered {Pct(p.Triggered),6}, CE cost {Math.Round(p.CeCost, 4):+0.0000;-0.0000;0.0000} nats/token"));
        }
    }

    /// <summary>The harvest's line, as <c>shoggoth harvest</c> prints it.</summary>
    static void PrintHarvest(CliContext cli, string store, HarvestResult result)
    {
        var m = result.Manifest;
        double seconds = result.Elapsed.TotalSeconds;
        double rate = seconds > 0 ? result.TokensThisRun / seconds : 0;
        cli.Out.WriteLine(result.Outcome switch
        {
            HarvestOutcome.AlreadyComplete => $"{store} is already complete: {m.Tokens:N0} tokens in {m.Chunks.Count} chunks; nothing to do",
            _ => $"{(result.Resumed ? "resumed and " : "")}{(result.Outcome == HarvestOutcome.Completed ? "completed" : "stopped at --max-tokens")}: " +
                 $"{m.Tokens:N0} tokens in {m.Chunks.Count} chunks ({result.TokensThisRun:N0} this run, {rate:N0} tokens/s) → {store}",
        });
    }
}
