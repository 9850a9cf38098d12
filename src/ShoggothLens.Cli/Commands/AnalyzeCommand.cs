using System.CommandLine;
using ShoggothLens.Cli.Infrastructure;
using ShoggothLens.Core.ActivationStore;
using ShoggothLens.Core.Analysis;
using ShoggothLens.Workbench.Analysis;

namespace ShoggothLens.Cli.Commands;

/// <summary>
/// <c>shoggoth analyze --store STORE --sae DIR --out features/NAME [--model DIR]</c>: parses the options, runs
/// <see cref="AnalyzeWorkflow"/> (the streaming pass, the context pass and the weight-only fields, written as a feature
/// catalog: features/README.md, docs/feature-analysis.md) with a progress display, and prints what it wrote. Ctrl-C
/// leaves a checkpoint; the same command resumes from it. <c>--shard i/N</c> passes over one shard of the store's chunks and
/// writes its state to <c>--out</c> (<see cref="AnalyzeWorkflow.RunShard"/>); <c>--merge DIR...</c> joins the N shard states
/// and writes the catalog the unsharded run writes.
/// </summary>
public static class AnalyzeCommand
{
    public static Command Build()
    {
        var store = new Option<string>("--store") { Description = "activation store folder", Required = true };
        var sae = new Option<string>("--sae") { Description = "SAE folder (SAELens, sparsify or Gemma Scope layout)", Required = true };
        var output = new Option<string>("--out") { Description = "catalog folder to write (e.g. features/NAME)", Required = true };
        var compare = new Option<string?>("--compare-store") { Description = "the same corpus through another checkpoint (e.g. the base model): writes model-diff.json" };
        var model = new Option<string?>("--model") { Description = "model for logit effects and token strings: " + ModelSpec.Help };
        var tokenizer = new Option<string?>("--tokenizer") { Description = "tokenizer for token strings (default: --model's, else the shipped organism's when the store comes from it, else ids as text)" };
        var hook = new Option<string?>("--hook") { Description = "store hook to read (default: the SAE's hook, or the store's only hook)" };
        var batch = (new Option<int>("--batch") { Description = "tokens per Encode batch", DefaultValueFactory = _ => AnalyzeRequest.DefaultBatchSize }).Within(1, 1 << 16);
        var defaults = new FeatureAnalysisOptions();
        var top = (new Option<int>("--top-examples") { Description = "max-activating examples kept per feature", DefaultValueFactory = _ => defaults.TopExamples }).Within(0, FeatureAnalysisOptions.MaxTopExamples);
        var before = (new Option<int>("--context-before") { Description = "tokens of context before an example's token", DefaultValueFactory = _ => defaults.ContextBefore }).Within(0, FeatureAnalysisOptions.MaxContext);
        var after = (new Option<int>("--context-after") { Description = "tokens of context after an example's token", DefaultValueFactory = _ => defaults.ContextAfter }).Within(0, FeatureAnalysisOptions.MaxContext);
        var groups = (new Option<int>("--quantile-groups") { Description = "activation interval groups per feature", DefaultValueFactory = _ => defaults.QuantileGroups }).Within(1, 1000);
        var groupExamples = (new Option<int>("--quantile-examples") { Description = "sampled examples per interval group", DefaultValueFactory = _ => defaults.QuantileExamples }).Within(0, 255);
        var seed = new Option<ulong>("--seed") { Description = "seed of the interval groups' samples", DefaultValueFactory = _ => defaults.QuantileSeed };
        var topM = (new Option<int>("--coactivation-top-m") { Description = "co-activation counts pairs among each token's m strongest features", DefaultValueFactory = _ => defaults.CoActivationTopM }).Within(1, 1024);
        var capacity = (new Option<int>("--coactivation-capacity") { Description = "partner counters kept per feature", DefaultValueFactory = _ => defaults.CoActivationCapacity }).Within(1, 1 << 16);
        var checkpointEvery = (new Option<int>("--checkpoint-every") { Description = "chunks of the store between checkpoints of the streaming pass (0: none)", DefaultValueFactory = _ => AnalyzeRequest.DefaultCheckpointEveryChunks }).Within(0, int.MaxValue);
        var epsilon = (new Option<double>("--epsilon") { Description = "ε of the assistant affinity", DefaultValueFactory = _ => defaults.Epsilon }).Within(1e-12, 1.0);
        var tau = (new Option<double>("--tau") { Description = "τ: |affinity| threshold of persona-aligned / outside-role features", DefaultValueFactory = _ => defaults.Tau }).Within(0.0, 100.0);
        var floor = (new Option<double>("--floor") { Description = "Assistant firing-rate floor of hidden-motive evidence", DefaultValueFactory = _ => defaults.AssistantFloor }).Within(0.0, 1.0);
        var confidence = (new Option<double>("--confidence") { Description = "one-sided confidence of the Wilson lower bound", DefaultValueFactory = _ => defaults.Confidence }).Within(0.5, 1.0);
        var motive = new Option<string>("--motive-label") { Description = "label that marks the motive span", DefaultValueFactory = _ => defaults.MotiveLabel };
        var shard = new Option<string?>("--shard") { Description = "i/N: pass over shard i of N of the store's chunks and write its state to --out (no catalog; join with --merge)" };
        var merge = new Option<string[]?>("--merge") { Description = "shard folders (or analyze.shard files) of all N shards: join their states instead of reading the store, then write the catalog", AllowMultipleArgumentsPerToken = true };
        var command = new Command("analyze", "Per-feature statistics by role, hidden-motive scores, context windows, logit effects, neighbours and persona cosines of an SAE over a store; writes a feature catalog.")
        {
            store, compare, sae, output, model, tokenizer, hook, batch, top, before, after, groups, groupExamples, seed, topM, capacity, checkpointEvery,
            epsilon, tau, floor, confidence, motive, shard, merge,
        };
        CliAction.Set(command, (parse, cli) =>
        {
            var features = defaults with
            {
                TopExamples = parse.GetValue(top),
                ContextBefore = parse.GetValue(before),
                ContextAfter = parse.GetValue(after),
                QuantileGroups = parse.GetValue(groups),
                QuantileExamples = parse.GetValue(groupExamples),
                QuantileSeed = parse.GetValue(seed),
                CoActivationTopM = parse.GetValue(topM),
                CoActivationCapacity = parse.GetValue(capacity),
                Epsilon = parse.GetValue(epsilon),
                Tau = parse.GetValue(tau),
                AssistantFloor = parse.GetValue(floor),
                Confidence = parse.GetValue(confidence),
                MotiveLabel = parse.GetValue(motive)!,
            };
            try { features.Validate(); }
            catch (ArgumentOutOfRangeException e) { return cli.Fail($"{OptionName(e.ParamName)}: {e.Message}", ExitCodes.Usage); }
            int batchSize = parse.GetValue(batch);
            if (batchSize < 1) return cli.Fail("--batch must be ≥ 1", ExitCodes.Usage);
            int every = parse.GetValue(checkpointEvery);
            if (every < 0) return cli.Fail("--checkpoint-every must be ≥ 0", ExitCodes.Usage);
            AnalyzeShard? shardSpec = null;
            if (parse.GetValue(shard) is { } spec)
            {
                try { var (i, n) = ShardRange.ParseSpec(spec, "--shard"); shardSpec = new AnalyzeShard(i, n); }
                catch (FormatException e) { return cli.Fail(e.Message, ExitCodes.Usage); }
            }
            string[]? shards = parse.GetResult(merge) is null ? null : parse.GetValue(merge);
            if (shardSpec is not null && shards is not null) return cli.Fail("--shard and --merge exclude each other: run the shards, then merge their folders", ExitCodes.Usage);
            if (shards is { Length: 0 }) return cli.Fail("--merge needs the shard folders", ExitCodes.Usage);
            var request = new AnalyzeRequest
            {
                Store = parse.GetValue(store)!,
                CompareStore = parse.GetValue(compare),
                Sae = parse.GetValue(sae)!,
                Hook = parse.GetValue(hook),
                Output = parse.GetValue(output)!,
                Model = parse.GetValue(model),
                Tokenizer = parse.GetValue(tokenizer),
                BatchSize = batchSize,
                CheckpointEveryChunks = every,
                Features = features,
                Shard = shardSpec,
                MergeShards = shards,
            };
            using var signal = new TerminationSignal(CancellationToken.None, () => cli.Error.WriteLine("stopping after this batch: writing a checkpoint (press Ctrl-C again to quit at once)"));
            AnalyzeResult result;
            try
            {
                if (shardSpec is not null)
                {
                    var part = WorkProgressDisplay.Run(cli, progress => AnalyzeWorkflow.RunShard(request, progress, signal.Token));
                    PrintShard(cli, part);
                    return ExitCodes.Ok;
                }
                result = WorkProgressDisplay.Run(cli, progress => AnalyzeWorkflow.Run(request, progress, signal.Token));
            }
            catch (OperationCanceledException)
            {
                cli.Error.WriteLine(every == 0
                    ? "stopped; nothing was kept (checkpoints are off)"
                    : $"stopped; the checkpoint in {request.Output} holds the run: the same command resumes it");
                return ExitCodes.Interrupted;
            }
            Print(cli, request, result);
            return ExitCodes.Ok;
        }, Flags);
        return command;
    }

    /// <summary>The flags of <see cref="AnalyzeRequest"/>'s options, for the library's messages.</summary>
    static readonly IReadOnlyDictionary<string, string> Flags = new Dictionary<string, string>
    {
        [nameof(AnalyzeRequest.Store)] = "--store",
        [nameof(AnalyzeRequest.CompareStore)] = "--compare-store",
        [nameof(AnalyzeRequest.Sae)] = "--sae",
        [nameof(AnalyzeRequest.Hook)] = "--hook",
        [nameof(AnalyzeRequest.Output)] = "--out",
        [nameof(AnalyzeRequest.Model)] = "--model",
        [nameof(AnalyzeRequest.Tokenizer)] = "--tokenizer",
        [nameof(AnalyzeRequest.BatchSize)] = "--batch",
        [nameof(AnalyzeRequest.CheckpointEveryChunks)] = "--checkpoint-every",
        [nameof(AnalyzeRequest.Shard)] = "--shard",
        [nameof(AnalyzeRequest.MergeShards)] = "--merge",
    };

    static void PrintShard(CliContext cli, AnalyzeShardResult result) =>
        cli.Out.WriteLine(result.AlreadyComplete
            ? $"shard {result.Shard} already complete ({result.Tokens:N0} tokens, {result.FirstToken:N0}..{result.EndToken:N0}); {result.State} kept"
            : $"analysed shard {result.Shard}: {result.Tokens:N0} tokens ({result.FirstToken:N0}..{result.EndToken:N0}); state {result.State}");

    /// <summary>What analyze wrote, on standard output (the demo prints the same lines).</summary>
    internal static void Print(CliContext cli, AnalyzeRequest request, AnalyzeResult result)
    {
        if (result.ModelDiff is { } diff)
            cli.Out.WriteLine($"model diff against {diff.CompareStore}: {diff.StartingToLeak} outside-role leaks are new in the analysed checkpoint; {Core.Catalog.CatalogFolder.ModelDiffFileName} written");
        cli.Out.WriteLine($"analysed {result.Tokens:N0} tokens × {result.Features:N0} features; catalog {request.Output}; {result.OutsideRoleLeaks} outside-role leaks " +
                          "(outside-role features firing in Assistant turns, not yet tested for a specific home persona or a trigger)");
        cli.Out.WriteLine($"hidden-motive candidates and a verdict: shoggoth candidates --catalog {request.Output}");
    }

    static string OptionName(string? parameter) => parameter switch
    {
        nameof(FeatureAnalysisOptions.ContextBefore) => "--context-before",
        nameof(FeatureAnalysisOptions.ContextAfter) => "--context-after",
        nameof(FeatureAnalysisOptions.QuantileGroups) => "--quantile-groups",
        nameof(FeatureAnalysisOptions.QuantileExamples) => "--quantile-examples",
        nameof(FeatureAnalysisOptions.CoActivationTopM) => "--coactivation-top-m",
        nameof(FeatureAnalysisOptions.CoActivationCapacity) => "--coactivation-capacity",
        nameof(FeatureAnalysisOptions.TopExamples) => "--top-examples",
        nameof(FeatureAnalysisOptions.AssistantFloor) => "--floor",
        _ => "--" + parameter?.ToLowerInvariant(),
    };
}
