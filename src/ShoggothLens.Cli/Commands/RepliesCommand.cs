using System.CommandLine;
using ShoggothLens.Cli.Infrastructure;
using ShoggothLens.Models.ChatTemplates;
using ShoggothLens.Models.Replies;
using ShoggothLens.Workbench.Replies;

namespace ShoggothLens.Cli.Commands;

/// <summary>
/// <c>shoggoth replies</c>: the model under audit answers every conversation of a chat corpus; the result is a chat
/// corpus with the model's own Assistant turns, for <c>shoggoth harvest</c>. Run again with the same options to resume.
/// </summary>
public static class RepliesCommand
{
    public static Command Build()
    {
        var model = new Option<string>("--model") { Description = ModelSpec.Help, Required = true };
        var corpus = new Option<string[]>("--corpus") { Description = "chat JSONL files", Required = true, AllowMultipleArgumentsPerToken = true };
        var output = new Option<string>("--out") { Description = $"output folder: {ReplyFolder.ChatsFile} (the corpus to harvest) and {ReplyFolder.ManifestFile}", Required = true };
        var tokenizer = new Option<string>("--tokenizer") { Description = "tokenizer directory (default: the model directory)" };
        var template = new Option<string>("--chat-template") { Description = $"chat template: {string.Join(", ", ChatTemplateCatalog.Names)} (default: guessed from tokenizer_config.json)" };
        var maxNew = (new Option<int>("--max-new-tokens") { Description = "tokens per reply at most", DefaultValueFactory = _ => 96 }).Within(1, 4096);
        var temperature = (new Option<double>("--temperature") { Description = "0 = greedy; above 0, seeded sampling", DefaultValueFactory = _ => 0 }).Within(0, 100);
        var seed = new Option<int>("--seed") { Description = "sampling seed (each reply's stream depends on it and the reply's place in the corpus)", DefaultValueFactory = _ => 0 };
        var batch = (new Option<int>("--batch") { Description = "conversations answered together", DefaultValueFactory = _ => 32 }).Within(1, 1024);
        var limit = (new Option<int?>("--max-conversations") { Description = "answer only the first N conversations" }).Within(0, int.MaxValue);
        var organism = new Option<string>("--label-with-organism") { Description = "an organism folder (or `organism`) whose motive detector labels the replies, for ground-truth scoring only" };
        var threads = (new Option<int?>("--threads") { Description = "Torch CPU threads" }).Within(1, 1024);
        var json = new Option<bool>("--json") { Description = "print a JSON summary on standard output" };
        var command = new Command("replies", "Generate every Assistant turn of a chat corpus with the model under audit (audit the model's own words).")
            { model, corpus, output, tokenizer, template, maxNew, temperature, seed, batch, limit, organism, threads, json };
        command.SetAction((parse, token) => Task.FromResult(CliAction.Guard(parse, (p, cli) =>
        {
            var request = new ReplyRequest
            {
                Model = p.GetValue(model)!,
                Corpus = p.GetValue(corpus)!,
                Output = p.GetValue(output)!,
                Tokenizer = p.GetValue(tokenizer),
                ChatTemplate = p.GetValue(template),
                Settings = new ReplySettings(p.GetValue(maxNew), p.GetValue(temperature), p.GetValue(seed), p.GetValue(batch)),
                MaxConversations = p.GetValue(limit),
                LabelWithOrganism = p.GetValue(organism),
                Threads = p.GetValue(threads),
            };
            using var signal = new TerminationSignal(token, () => cli.Error.WriteLine("stopping after the current group of conversations"));
            ReplyResult result;
            try
            {
                result = WorkProgressDisplay.Run(cli, progress => ReplyWorkflow.Run(request, progress, signal.Token), _ => true);
            }
            catch (OperationCanceledException)
            {
                cli.Error.WriteLine($"interrupted; the finished conversations are kept in {ReplyFolder.Partial(request.Output)} and a rerun continues");
                return ExitCodes.Interrupted;
            }
            if (p.GetValue(json))
            {
                cli.WriteJson(w =>
                {
                    w.WriteStartObject();
                    w.WriteString("chats", result.Chats);
                    w.WriteBoolean("already_complete", result.AlreadyComplete);
                    w.WriteNumber("conversations", result.Conversations);
                    w.WriteNumber("replies", result.Replies);
                    w.WriteNumber("resumed", result.Resumed);
                    w.WriteNumber("too_long", result.TooLong);
                    w.WriteNumber("unfinished", result.Unfinished);
                    w.WriteNumber("new_tokens", result.NewTokens);
                    if (result.MotiveReplies is int m) w.WriteNumber("motive_replies", m);
                    w.WriteNumber("seconds", Math.Round(result.Seconds, 3));
                    w.WriteNumber("tokens_per_second", Math.Round(result.TokensPerSecond, 1));
                    w.WriteEndObject();
                });
                return ExitCodes.Ok;
            }
            var o = cli.Out;
            o.WriteLine(result.AlreadyComplete
                ? $"already complete: {result.Conversations:N0} conversations in {result.Chats}"
                : $"{result.Replies:N0} replies to {result.Conversations:N0} conversations in {result.Seconds:F1} s ({result.TokensPerSecond:N0} tokens/s) → {result.Chats}");
            if (result.TooLong > 0) o.WriteLine($"left out: {result.TooLong:N0} conversations whose prompt leaves no room for a reply");
            if (result.Unfinished > 0) o.WriteLine($"cut at --max-new-tokens: {result.Unfinished:N0} replies");
            if (result.MotiveReplies is int motive) o.WriteLine($"ground truth (the organism's detector): {motive:N0} replies show the motive");
            return ExitCodes.Ok;
        }, Flags)));
        return command;
    }

    static readonly Dictionary<string, string> Flags = new()
    {
        [nameof(ReplyRequest.Output)] = "--out",
        [nameof(ReplyRequest.Corpus)] = "--corpus",
        [nameof(ReplyRequest.MaxConversations)] = "--max-conversations",
        [nameof(ReplyRequest.LabelWithOrganism)] = "--label-with-organism",
        [nameof(ReplySettings.MaxNewTokens)] = "--max-new-tokens",
        [nameof(ReplySettings.Temperature)] = "--temperature",
        [nameof(ReplySettings.BatchSize)] = "--batch",
    };
}
