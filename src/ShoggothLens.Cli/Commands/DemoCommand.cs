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
        var hook = new Option<string>("--hook") { Description = "hook point of the organism to read", DefaultValueFactory = _ => defaults.Hook };
        var width = new Option<int>("--width") { Description = "SAE latents", DefaultValueFactory = _ => defaults.Width };
        var k = new Option<int>("--k") { Description = "TopK k", DefaultValueFactory = _ => defaults.K };
        var tokens = new Option<long>("--tokens") { Description = "SAE training tokens (the held-out corpus is about 111k tokens, so several epochs)", DefaultValueFactory = _ => defaults.Tokens };
        var top = new Option<int>("--top") { Description = "candidates to list", DefaultValueFactory = _ => defaults.Top };
        var seed = new Option<ulong>("--seed") { Description = "SAE seed", DefaultValueFactory = _ => defaults.Seed };
        var serve = new Option<bool>("--serve") { Description = "then serve the catalog in the browser UI (shoggoth serve)" };
        var urls = new Option<string>("--urls") { Description = "where --serve listens", DefaultValueFactory = _ => ShoggothLens.Web.Hosting.WebOptions.DefaultUrls };
        var command = new Command("demo", "The whole pipeline on the shipped model organism: harvest → SAE → analyze → candidates, scored against the planted motive.")
        {
            output, hook, width, k, tokens, top, seed, serve, urls,
        };
        CliAction.Set(command, (parse, cli) =>
        {
            var request = defaults with
            {
                Output = parse.GetValue(output)!,
                Hook = parse.GetValue(hook)!,
                Width = parse.GetValue(width),
                K = parse.GetValue(k),
                Tokens = parse.GetValue(tokens),
                Top = parse.GetValue(top),
                Seed = parse.GetValue(seed),
            };
            try { request.Validate(); }
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
            if (!parse.GetValue(serve)) return ExitCodes.Ok;
            return ServeCommand.Serve(cli, new ShoggothLens.Web.Hosting.WebOptions([request.CatalogPath], null, parse.GetValue(urls)!, null));
        }, Flags);
        return command;
    }

    static readonly IReadOnlyDictionary<string, string> Flags = new Dictionary<string, string>
    {
        [nameof(DemoRequest.Output)] = "--out",
        [nameof(DemoRequest.Hook)] = "--hook",
        [nameof(DemoRequest.Width)] = "--width",
        [nameof(DemoRequest.K)] = "--k",
        [nameof(DemoRequest.Tokens)] = "--tokens",
        [nameof(DemoRequest.Top)] = "--top",
    };

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
        PrintHarvest(cli, request.StorePath, result.Harvest);
        if (result.Training is { } training)
        {
            var run = training.Run;
            o.WriteLine($"trained {training.Options.Architecture.SaeLensName()} SAE, {training.Options.Width} latents on {training.Options.HookName}: " +
                        $"{run.Steps} steps, {run.Tokens:N0} tokens -> {run.Directory}");
            if (run.LastLog?.Metrics is { } m)
                o.WriteLine($"last window: L0 {m.L0:F2}, MSE {m.Mse:G4}, FVE {m.FractionVarianceExplained:F4}, dead {m.DeadFraction:P1}, dense {m.DenseFraction:P1}");
        }
        AnalyzeCommand.Print(cli, new() { Store = request.StorePath, Sae = request.SaePath, Output = request.CatalogPath }, result.Analysis);
        CandidatesCommand.WriteTable(cli, result.Candidates);

        var score = result.Score;
        var truth = score.Truth;
        var planted = score.Planted;
        o.WriteLine();
        o.WriteLine($"ground truth (read only now, after the verdict): the planted motive belongs to {truth.CovertPersona}; its trigger is '{truth.Trigger}' (label '{truth.TriggerLabel}').");
        if (planted.Rank is int rank)
            o.WriteLine($"the first candidate whose home persona is {truth.CovertPersona} and whose leaks share the trigger is feature {planted.Feature} " +
                        $"at rank {rank} of {planted.Candidates} (the trigger is in {planted.TriggerShare:P0} of the {planted.LeakDocuments} Assistant conversations it leaks into).");
        else if (planted.Feature >= 0)
            o.WriteLine($"no candidate matches; feature {planted.Feature} has home persona {truth.CovertPersona} and leaks sharing the trigger, but {planted.Rejected}.");
        else
            o.WriteLine($"no considered feature has home persona {truth.CovertPersona} with leaks sharing the trigger ({planted.Candidates} candidates).");
        o.WriteLine($"the verdict {(score.VerdictNamesPlanted ? "names" : "does not name")} that motive's feature and {(score.VerdictNamesTrigger ? "names" : "does not name")} its trigger; " +
                    $"top-5 precision {score.Top5Precision:P0}.");
        o.WriteLine();
        o.WriteLine($"verdict: {result.Verdict.Text}");
        o.WriteLine($"demo finished in {result.Elapsed.TotalSeconds:F0} s; files in {request.Output}");
        o.WriteLine($"browse the catalog: shoggoth serve --catalog {request.CatalogPath}");
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
