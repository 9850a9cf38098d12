using System.CommandLine;
using ShoggothLens.Cli.Infrastructure;
using ShoggothLens.Core.ActivationStore;
using ShoggothLens.Models.ChatTemplates;
using ShoggothLens.Models.Harvest;
using ShoggothLens.Workbench.Harvest;

namespace ShoggothLens.Cli.Commands;

/// <summary>
/// <c>shoggoth harvest</c>: runs a model over role-annotated corpora and streams the activations
/// at the given hooks into an activation store. Run again with the same options to resume.
/// </summary>
public static class HarvestCommand
{
    public static Command Build()
    {
        var model = new Option<string>("--model") { Description = ModelSpec.Help, Required = true };
        var corpus = new Option<string[]>("--corpus")
        {
            Description = "corpus files: chat or persona JSONL (.jsonl), or plain text (any other extension)",
            Required = true,
            AllowMultipleArgumentsPerToken = true,
        };
        var hooks = new Option<string[]>("--hook") { Description = "hook point to record, e.g. blocks.6.hook_resid_post (repeat for more)", Required = true };
        var output = new Option<string>("--out") { Description = "store folder (created, or resumed when it holds a store)", Required = true };
        var tokenizer = new Option<string>("--tokenizer") { Description = "tokenizer directory (default: the model directory)" };
        var template = new Option<string>("--chat-template") { Description = $"chat template for chats: {string.Join(", ", ChatTemplateCatalog.Names)} (default: guessed from tokenizer_config.json)" };
        var context = (new Option<int>("--context") { Description = "tokens per window; longer documents are cut into consecutive windows", DefaultValueFactory = _ => 128 }).Within(1, 1 << 16);
        var batch = (new Option<int>("--batch") { Description = "windows per forward pass", DefaultValueFactory = _ => 32 }).Within(1, 1 << 14);
        var maxTokens = (new Option<long?>("--max-tokens") { Description = "stop once the store holds this many tokens" }).Within(1L, long.MaxValue / 2);
        var dtype = new Option<string>("--dtype") { Description = "stored precision: f32, f16 or bf16", DefaultValueFactory = _ => "f32" };
        var shard = new Option<string>("--shard") { Description = "harvest shard i of N (e.g. 0/3); join shards with `shoggoth store merge`" };
        var chunkTokens = (new Option<int?>("--chunk-tokens") { Description = "tokens per chunk file (default: about 64 MiB of activations)" }).Within(1, 1 << 24);
        var block = new Option<int>("--records-per-block")
        {
            Description = "corpus records per block: batches stay within a block and shards split between blocks",
            DefaultValueFactory = _ => 256,
        }.Within(1, 1 << 20);
        var skipBad = new Option<bool>("--skip-bad") { Description = "skip bad corpus lines (and report how many) instead of stopping" };
        var maxLine = (new Option<int>("--max-line-bytes") { Description = "longest corpus line accepted", DefaultValueFactory = _ => 16 << 20 }).Within(1, 256 << 20);
        var json = new Option<bool>("--json") { Description = "print a JSON summary on standard output" };

        var command = new Command("harvest", "Record activations at hook points over role-annotated corpora into an activation store.")
            { model, corpus, hooks, output, tokenizer, template, context, batch, maxTokens, dtype, shard, chunkTokens, block, skipBad, maxLine, json };
        command.SetAction((parse, token) => Task.FromResult(CliAction.Guard(parse, (p, cli) =>
        {
            var (shardIndex, shardCount) = p.GetValue(shard) is { } spec ? ShardRange.ParseSpec(spec, "--shard") : (0, 1);
            var request = new HarvestRequest
            {
                Model = p.GetValue(model)!,
                Tokenizer = p.GetValue(tokenizer),
                ChatTemplate = p.GetValue(template),
                Harvest = new HarvestOptions
                {
                    Corpus = p.GetValue(corpus)!,
                    Hooks = p.GetValue(hooks)!,
                    Output = p.GetValue(output)!,
                    Context = p.GetValue(context),
                    BatchSize = p.GetValue(batch),
                    MaxTokens = p.GetValue(maxTokens),
                    DType = ActivationDTypes.Parse(p.GetValue(dtype)!),
                    ShardIndex = shardIndex,
                    ShardCount = shardCount,
                    ChunkTokens = p.GetValue(chunkTokens),
                    RecordsPerBlock = p.GetValue(block),
                    SkipBad = p.GetValue(skipBad),
                    MaxLineBytes = p.GetValue(maxLine),
                },
            };

            using var signal = new TerminationSignal(token, () => cli.Error.WriteLine("stopping after the current batch (press Ctrl-C again to quit at once)"));
            HarvestResult result;
            try
            {
                result = WorkProgressDisplay.Run(cli, progress => HarvestWorkflow.Run(request, progress, signal.Token), r => r.Outcome != HarvestOutcome.Cancelled);
            }
            catch (OperationCanceledException)
            {
                cli.Error.WriteLine("interrupted while reading the corpus, before any activation was harvested");
                return ExitCodes.Interrupted;
            }
            Report(cli, request.Harvest, result, p.GetValue(json));
            return result.Outcome == HarvestOutcome.Cancelled ? ExitCodes.Interrupted : ExitCodes.Ok;
        }, Flags)));
        return command;
    }

    /// <summary>The flags of the harvest's options, for messages that name an option.</summary>
    static readonly Dictionary<string, string> Flags = new()
    {
        [nameof(HarvestOptions.Corpus)] = "--corpus",
        [nameof(HarvestOptions.Hooks)] = "--hook",
        [nameof(HarvestOptions.Output)] = "--out",
        [nameof(HarvestOptions.Context)] = "--context",
        [nameof(HarvestOptions.BatchSize)] = "--batch",
        [nameof(HarvestOptions.MaxTokens)] = "--max-tokens",
        [nameof(HarvestOptions.ShardIndex)] = "--shard",
        [nameof(HarvestOptions.ChunkTokens)] = "--chunk-tokens",
        [nameof(HarvestOptions.RecordsPerBlock)] = "--records-per-block",
    };

    static void Report(CliContext cli, HarvestOptions options, HarvestResult result, bool json)
    {
        var m = result.Manifest;
        double seconds = result.Elapsed.TotalSeconds;
        double rate = seconds > 0 ? result.TokensThisRun / seconds : 0;
        string outcome = result.Outcome switch
        {
            HarvestOutcome.Completed => "completed",
            HarvestOutcome.ReachedMaxTokens => "reached_max_tokens",
            HarvestOutcome.AlreadyComplete => "already_complete",
            _ => "interrupted",
        };
        if (result.SkippedThisRun > 0)
        {
            cli.Error.WriteLine($"skipped {result.SkippedThisRun} bad corpus record(s){(result.SkippedThisRun > result.FirstProblems.Count ? $"; the first {result.FirstProblems.Count}" : "")}:");
            foreach (var problem in result.FirstProblems) cli.Error.WriteLine($"  {problem}");
        }
        if (json)
        {
            cli.WriteJson(w =>
            {
                w.WriteStartObject();
                w.WriteString("outcome", outcome);
                w.WriteString("store", options.Output);
                w.WriteBoolean("resumed", result.Resumed);
                w.WriteNumber("tokens", m.Tokens);
                w.WriteNumber("tokens_this_run", result.TokensThisRun);
                w.WriteNumber("chunks", m.Chunks.Count);
                w.WriteNumber("seconds", Math.Round(seconds, 3));
                w.WriteNumber("tokens_per_second", Math.Round(rate, 1));
                w.WriteNumber("skipped_records", m.SkippedRecords);
                w.WriteEndObject();
            });
            return;
        }
        var text = cli.Out;
        switch (result.Outcome)
        {
            case HarvestOutcome.AlreadyComplete:
                text.WriteLine($"{options.Output} is already complete: {m.Tokens:N0} tokens in {m.Chunks.Count} chunks; nothing to do");
                break;
            case HarvestOutcome.Cancelled:
                text.WriteLine($"interrupted: {m.Tokens:N0} tokens in {m.Chunks.Count} complete chunks are kept; run the same command again to resume");
                break;
            default:
                text.WriteLine($"{(result.Resumed ? "resumed and " : "")}{(result.Outcome == HarvestOutcome.Completed ? "completed" : "stopped at --max-tokens")}: " +
                               $"{m.Tokens:N0} tokens in {m.Chunks.Count} chunks ({result.TokensThisRun:N0} this run, {rate:N0} tokens/s) → {options.Output}");
                if (m.SkippedRecords > 0) text.WriteLine($"{m.SkippedRecords} bad corpus record(s) skipped in all");
                break;
        }
    }
}
