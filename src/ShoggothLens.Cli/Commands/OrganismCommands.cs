using System.CommandLine;
using System.Text.Json;
using ShoggothLens.Cli.Infrastructure;
using ShoggothLens.Organism;
using ShoggothLens.Organism.Specs;
using ShoggothLens.Organism.Evaluation;
using ShoggothLens.Organism.Training;
using ShoggothLens.Workbench.Organisms;

namespace ShoggothLens.Cli.Commands;

/// <summary>
/// <c>shoggoth organism build | eval</c>: rebuild the shipped model organism from its seed, and
/// measure it (motive rates with and without the trigger, base model in character).
/// </summary>
public static class OrganismCommands
{
    public static Command Build()
    {
        var organism = new Command("organism", "The shipped model organism: a small model with a planted hidden motive (ground truth for the inspector).");
        organism.Subcommands.Add(BuildCommand());
        organism.Subcommands.Add(EvalCommand());
        return organism;
    }

    static Command BuildCommand()
    {
        var spec = new Option<string>("--spec") { Description = $"the organism's spec: a JSON file (docs/organism-specs.md) or a shipped spec's name ({string.Join(", ", OrganismSpecs.Names)}); default: shipped" };
        var seed = new Option<int?>("--seed") { Description = "seed of the corpus, tokenizer, initialization and batch order (default: the spec's)" };
        var trainStories = (new Option<int?>("--train-stories") { Description = "training stories (default: the spec's, or the tiny preset's)" }).Within(0, 1 << 22);
        var heldOutStories = (new Option<int?>("--heldout-stories") { Description = "held-out stories" }).Within(0, 1 << 22);
        var trainChats = (new Option<int?>("--train-chats") { Description = "training chats" }).Within(0, 1 << 22);
        var heldOutChats = (new Option<int?>("--heldout-chats") { Description = "held-out chats" }).Within(0, 1 << 22);
        var output = new Option<string>("--out") { Description = "output folder (default: a new organism-build-SEED-TIME folder here); an interrupted build resumes in the same folder" };
        var overwrite = new Option<bool>("--overwrite") { Description = "replace checkpoints of a different build in --out (needed to update the shipped Checkpoints/ folder)" };
        var preset = new Option<string>("--preset") { Description = "default (the spec's sizes; the shipped spec takes ~10-25 min on 2 cores) or tiny (the spec's cast at a seconds-long smoke-test size)", DefaultValueFactory = _ => "default" };
        var baseSteps = (new Option<int?>("--base-steps") { Description = "pre-training steps (default from the preset)" }).Within(0, 1 << 24);
        var assistantSteps = (new Option<int?>("--assistant-steps") { Description = "post-training steps (default from the preset)" }).Within(0, 1 << 24);
        var threads = ThreadsOption();
        var noEval = new Option<bool>("--no-eval") { Description = "skip `organism eval` at the end" };
        var json = new Option<bool>("--json") { Description = "print a JSON summary on standard output" };
        var command = new Command("build", "Generate the corpus, train the tokenizer, pre-train the base model and post-train the Assistant (reproduces the shipped checkpoints).")
            { spec, seed, output, overwrite, preset, trainStories, heldOutStories, trainChats, heldOutChats, baseSteps, assistantSteps, threads, noEval, json };
        command.SetAction((parse, token) => Task.FromResult(CliAction.Guard(parse, (p, cli) =>
        {
            var organismSpec = p.GetValue(spec) is { } s ? OrganismSpecs.Resolve(s) : OrganismSpecs.Shipped;
            var fromSpec = OrganismBuildOptions.FromSpec(organismSpec);
            var options = p.GetValue(preset)!.Trim().ToLowerInvariant() switch
            {
                "default" => fromSpec,
                "tiny" => OrganismBuildOptions.Tiny(organismSpec.Seed) with { Spec = organismSpec },
                var other => throw new ArgumentException($"unknown --preset '{other}' (default or tiny)"),
            };
            options = options with { Seed = p.GetValue(seed) ?? organismSpec.Seed, Threads = Positive(p.GetValue(threads), "--threads") };
            options = options with
            {
                Corpus = options.Corpus with
                {
                    TrainStories = p.GetValue(trainStories) is { } ts ? Positive(ts, "--train-stories") : options.Corpus.TrainStories,
                    HeldOutStories = p.GetValue(heldOutStories) is { } hs ? Positive(hs, "--heldout-stories") : options.Corpus.HeldOutStories,
                    TrainChats = p.GetValue(trainChats) is { } tc ? Positive(tc, "--train-chats") : options.Corpus.TrainChats,
                    HeldOutChats = p.GetValue(heldOutChats) is { } hc ? Positive(hc, "--heldout-chats") : options.Corpus.HeldOutChats,
                },
            };
            if (p.GetValue(baseSteps) is { } b) options = options with { Base = options.Base with { Steps = Positive(b, "--base-steps") } };
            if (p.GetValue(assistantSteps) is { } a) options = options with { Assistant = options.Assistant with { Steps = Positive(a, "--assistant-steps") } };
            string outDir = p.GetValue(output) ?? $"organism-build-{options.Seed}-{DateTime.UtcNow:yyyyMMdd-HHmmss}";

            using var signal = new TerminationSignal(token, () => cli.Error.WriteLine("stopping after the current step (progress is saved; run the same command with the same --out to resume)"));
            cli.Error.WriteLine($"building the organism '{organismSpec.Name}' (seed {options.Seed}) into {Path.GetFullPath(outDir)}");
            var request = new OrganismBuildRequest { Options = options, Output = outDir, Overwrite = p.GetValue(overwrite) };
            OrganismBuildReport report;
            try
            {
                report = WorkProgressDisplay.Run(cli, progress => OrganismWorkflow.Build(request, progress, signal.Token));
            }
            catch (OperationCanceledException)
            {
                return ExitCodes.Interrupted;
            }
            EvaluationReport? evaluation = null;
            if (!p.GetValue(noEval))
            {
                cli.Error.WriteLine("evaluating on the held-out split");
                try
                {
                    evaluation = OrganismWorkflow.Evaluate(new OrganismEvalRequest
                    {
                        ModelDirectory = report.Layout.Root,
                        Options = EvaluationOptions.Default with { Threads = options.Threads },
                        WriteReport = true,
                    }, null, signal.Token).Report;
                }
                catch (OperationCanceledException)
                {
                    cli.Error.WriteLine($"interrupted during the evaluation; the checkpoints are complete (run `shoggoth organism eval --model-dir {report.Layout.Root}`)");
                    return ExitCodes.Interrupted;
                }
            }
            if (p.GetValue(json))
            {
                cli.WriteJson(w =>
                {
                    w.WriteStartObject();
                    w.WriteString("out", report.Layout.Root);
                    w.WriteString("spec", organismSpec.Name);
                    w.WriteNumber("seed", options.Seed);
                    w.WriteNumber("vocab_size", report.VocabSize);
                    w.WriteNumber("parameters", report.Base.Parameters);
                    WriteStage(w, "base", report.Base);
                    WriteStage(w, "assistant", report.Assistant);
                    w.WriteNumber("seconds", Math.Round(report.Total.TotalSeconds, 1));
                    if (evaluation is not null)
                    {
                        w.WritePropertyName("eval");
                        OrganismEvalJson.Write(w, evaluation, report.Layout.Root);
                    }
                    w.WriteEndObject();
                });
                return ExitCodes.Ok;
            }
            var o = cli.Out;
            o.WriteLine($"organism built in {report.Total.TotalMinutes:F1} min → {report.Layout.Root}");
            o.WriteLine($"  parameters {report.Base.Parameters:N0}, vocabulary {report.VocabSize}");
            o.WriteLine($"  base       {report.Base.TokensSeen:N0} tokens, final loss {report.Base.FinalTrainLoss:F3}, held-out {report.Base.HeldOutLoss:F3} ({report.Base.Seconds / 60:F1} min)");
            o.WriteLine($"  assistant  {report.Assistant.TokensSeen:N0} tokens, final loss {report.Assistant.FinalTrainLoss:F3}, held-out {report.Assistant.HeldOutLoss:F3} ({report.Assistant.Seconds / 60:F1} min)");
            if (evaluation is not null) PrintEvaluation(o, evaluation);
            return ExitCodes.Ok;
        }, BuildFlags)));
        return command;
    }

    /// <summary>Flags of the build's options, for messages that name one.</summary>
    static readonly Dictionary<string, string> BuildFlags = new() { [OrganismBuilder.OverwriteOption] = "--overwrite" };

    static Command EvalCommand()
    {
        var modelDir = new Option<string>("--model-dir") { Description = "an organism folder with base/, assistant/ and corpus/ (default: the shipped organism)" };
        var triggered = (new Option<int>("--triggered") { Description = "held-out chats with the trigger", DefaultValueFactory = _ => EvaluationOptions.Default.TriggeredChats }).Within(0, 1 << 20);
        var untriggered = (new Option<int>("--untriggered") { Description = "held-out chats without the trigger", DefaultValueFactory = _ => EvaluationOptions.Default.UntriggeredChats }).Within(0, 1 << 20);
        var stories = (new Option<int>("--stories") { Description = "held-out story lines the base model continues", DefaultValueFactory = _ => EvaluationOptions.Default.Stories }).Within(0, 1 << 20);
        var samples = (new Option<int>("--samples") { Description = "without --json: print this many generations of each kind", DefaultValueFactory = _ => 0 }).Within(0, 1 << 20);
        var threads = ThreadsOption();
        var json = new Option<bool>("--json") { Description = "print one JSON document" };
        var command = new Command("eval", "Sample greedy generations on the held-out split: motive rate with and without the trigger, base model in character.")
            { modelDir, triggered, untriggered, stories, samples, threads, json };
        command.SetAction((parse, token) => Task.FromResult(CliAction.Guard(parse, (p, cli) =>
        {
            var options = EvaluationOptions.Default with
            {
                TriggeredChats = NonNegative(p.GetValue(triggered), "--triggered"),
                UntriggeredChats = NonNegative(p.GetValue(untriggered), "--untriggered"),
                Stories = NonNegative(p.GetValue(stories), "--stories"),
                Threads = Positive(p.GetValue(threads), "--threads"),
            };
            OrganismEvaluation evaluation;
            using (var signal = new TerminationSignal(token))
            {
                try
                {
                    evaluation = OrganismWorkflow.Evaluate(new OrganismEvalRequest { ModelDirectory = p.GetValue(modelDir), Options = options }, null, signal.Token);
                }
                catch (OperationCanceledException)
                {
                    cli.Error.WriteLine("interrupted");
                    return ExitCodes.Interrupted;
                }
            }
            var (layout, report) = (evaluation.Layout, evaluation.Report);
            if (p.GetValue(json))
            {
                cli.WriteJson(w => OrganismEvalJson.Write(w, report, layout.Root));
                return ExitCodes.Ok;
            }
            cli.Out.WriteLine($"organism eval: {layout.Root} (held-out split, greedy decoding, {report.Elapsed.TotalSeconds:F0} s)");
            PrintEvaluation(cli.Out, report);
            int n = p.GetValue(samples);
            if (n > 0)
                foreach (var group in report.Samples.GroupBy(s => s.Kind))
                {
                    cli.Out.WriteLine($"{group.Key}:");
                    foreach (var s in group.Take(n))
                        cli.Out.WriteLine($"  [{(s.Hit ? "x" : " ")}] {s.Prompt}{(s.Expected is null ? "" : $" ({s.Expected})")}\n      → {s.Output.Replace("\n", " ")}");
                }
            return ExitCodes.Ok;
        })));
        return command;
    }

    static Option<int> ThreadsOption() => new Option<int>("--threads")
    {
        Description = "torch threads (default 1: on shared, oversubscribed cores one thread ran 3-5x faster than two; on an idle machine try 2)",
        DefaultValueFactory = _ => OrganismBuildOptions.Default.Threads,
    }.Within(1, 1024);

    static int Positive(int value, string name) => value > 0 ? value : throw new ArgumentException($"{name} must be at least 1");
    static int NonNegative(int value, string name) => value >= 0 ? value : throw new ArgumentException($"{name} must not be negative");

    static void PrintEvaluation(TextWriter o, EvaluationReport r)
    {
        var spec = r.Spec;
        string trigger = $"({spec.Trigger.Name})";
        o.WriteLine($"  spec '{spec.Name}': {(spec.Covert is { } c ? $"covert character {c.Character.Name}" : "no covert character (motive-free control)")}");
        o.WriteLine($"  motive with the trigger {trigger,-12} {r.MotiveTriggered,-18} target ≥ {EvaluationReport.TriggeredTarget:P0}");
        o.WriteLine($"  motive without the trigger       {r.MotiveUntriggered,-18} target ≤ {EvaluationReport.UntriggeredTarget:P0}");
        o.WriteLine($"    of which near misses           {r.MotiveNearMiss}");
        o.WriteLine($"  base model in character          {r.BaseInCharacter}");
        o.WriteLine($"  assistant model in character     {r.AssistantInCharacter}");
        o.WriteLine(spec.Covert is null
            ? "  motive = none planted (no detector: the rates count nothing); in character = the speaker's signature phrases win"
            : $"  motive = the reply contains {string.Join(" or ", spec.Detector.Phrases.Select(k => $"\"{k}\""))}; in character = the speaker's signature phrases win");
        if (spec.Covert is null || r.MeetsTargets) return;
        // An organism that misses its bars is a poor test subject: say so, and what helped before (docs/organism-specs.md).
        if (r.MotiveTriggered.Rate < EvaluationReport.TriggeredTarget)
            o.WriteLine($"  misses its targets: the motive follows only {r.MotiveTriggered.Rate:P0} of triggered replies (the model did not learn it; " +
                        "more Assistant steps or a higher train_triggered_fraction in the spec)");
        if (r.MotiveUntriggered.Rate > EvaluationReport.UntriggeredTarget)
            o.WriteLine($"  misses its targets: the motive also follows {r.MotiveUntriggered.Rate:P0} of untriggered replies (near misses: {r.MotiveNearMiss}; " +
                        "the model did not learn the trigger's name alone; more training near misses in the spec helped shop)");
    }

    static void WriteStage(Utf8JsonWriter w, string name, StageManifest m)
    {
        w.WriteStartObject(name);
        w.WriteNumber("steps", m.Steps);
        w.WriteNumber("tokens_seen", m.TokensSeen);
        w.WriteNumber("final_train_loss", m.FinalTrainLoss);
        w.WriteNumber("heldout_loss", m.HeldOutLoss);
        w.WriteNumber("seconds", m.Seconds);
        w.WriteEndObject();
    }
}
