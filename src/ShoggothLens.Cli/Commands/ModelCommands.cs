using System.CommandLine;
using System.Text.Json;
using ShoggothLens.Cli.Infrastructure;
using ShoggothLens.Workbench.Models;

namespace ShoggothLens.Cli.Commands;

/// <summary><c>shoggoth model info | logits | generate</c>.</summary>
public static class ModelCommands
{
    static Option<string> ModelOption() => new("--model") { Description = ModelSpec.Help, Required = true };
    static Option<bool> JsonOption() => new("--json") { Description = "print one JSON document for scripts" };

    public static Command Build()
    {
        var model = new Command("model", "Inspect and run a causal language model.");
        model.Subcommands.Add(Info());
        model.Subcommands.Add(Logits());
        model.Subcommands.Add(Generate());
        return model;
    }

    static Command Info()
    {
        var modelOption = ModelOption();
        var json = JsonOption();
        var command = new Command("info", "Family, parameter count, layers, widths and hook points of a model.") { modelOption, json };
        CliAction.Set(command, (parse, cli) =>
        {
            var info = ModelWorkflow.Describe(parse.GetValue(modelOption)!);
            var c = info.Config;
            if (parse.GetValue(json))
            {
                cli.WriteJson(w =>
                {
                    w.WriteStartObject();
                    w.WriteString("family", c.Family.ToString());
                    w.WriteString("model_type", c.ModelType);
                    w.WriteNumber("parameters", info.Parameters);
                    w.WriteNumber("layers", c.NLayers);
                    w.WriteNumber("d_model", c.DModel);
                    w.WriteNumber("heads", c.NHeads);
                    w.WriteNumber("kv_heads", c.NKvHeads);
                    w.WriteNumber("head_dim", c.HeadDim);
                    w.WriteNumber("d_mlp", c.DMlp);
                    w.WriteNumber("vocab_size", c.VocabSize);
                    w.WriteNumber("max_positions", c.MaxPositions);
                    w.WriteBoolean("tied_embeddings", c.TiedEmbeddings);
                    w.WriteStartArray("hook_points");
                    foreach (var h in info.HookPoints) w.WriteStringValue(h);
                    w.WriteEndArray();
                    w.WriteEndObject();
                });
                return ExitCodes.Ok;
            }
            var o = cli.Out;
            o.WriteLine($"family          {c.Family} ({c.ModelType})");
            o.WriteLine($"parameters      {info.Parameters:N0}");
            o.WriteLine($"layers          {c.NLayers}");
            o.WriteLine($"d_model         {c.DModel}");
            o.WriteLine($"heads           {c.NHeads} (kv {c.NKvHeads}, head_dim {c.HeadDim})");
            o.WriteLine($"d_mlp           {c.DMlp}");
            o.WriteLine($"vocab           {c.VocabSize}");
            o.WriteLine($"max positions   {c.MaxPositions}");
            o.WriteLine($"tied embeddings {(c.TiedEmbeddings ? "yes" : "no")}");
            o.WriteLine($"hook points     {info.HookPoints.Count}:");
            foreach (var h in info.HookPoints) o.WriteLine($"  {h}");
            return ExitCodes.Ok;
        });
        return command;
    }

    static Command Logits()
    {
        var modelOption = ModelOption();
        var ids = new Option<string>("--ids") { Description = "comma-separated token ids, e.g. 1,2,3", Required = true };
        var json = JsonOption();
        var top = (new Option<int>("--top") { Description = "without --json: how many most likely next tokens to show per position", DefaultValueFactory = _ => 5 }).Within(1, 1 << 20);
        var command = new Command("logits", "Logits [tokens][vocab] of one sequence of token ids.") { modelOption, ids, json, top };
        CliAction.Set(command, (parse, cli) =>
        {
            var tokenIds = IdList.Parse(parse.GetValue(ids)!);
            var logits = ModelWorkflow.Logits(parse.GetValue(modelOption)!, tokenIds);
            var values = logits.Values;
            int vocab = logits.Vocab;
            if (parse.GetValue(json))
            {
                cli.WriteJson(w =>
                {
                    w.WriteStartObject();
                    w.WriteStartArray("logits");
                    for (int t = 0; t < tokenIds.Length; t++)
                    {
                        w.WriteStartArray();
                        for (int v = 0; v < vocab; v++) w.WriteNumberValue(values[t * vocab + v]);
                        w.WriteEndArray();
                    }
                    w.WriteEndArray();
                    w.WriteEndObject();
                });
                return ExitCodes.Ok;
            }
            int k = Math.Clamp(parse.GetValue(top), 1, vocab);
            cli.Out.WriteLine($"logits [{tokenIds.Length}, {vocab}]; most likely next tokens (id:logit):");
            for (int t = 0; t < tokenIds.Length; t++)
            {
                var row = values.AsSpan(t * vocab, vocab).ToArray();
                var best = Enumerable.Range(0, vocab).OrderByDescending(v => row[v]).Take(k);
                cli.Out.WriteLine($"  {t,4} [{tokenIds[t]}] -> {string.Join("  ", best.Select(v => $"{v}:{row[v]:F3}"))}");
            }
            return ExitCodes.Ok;
        });
        return command;
    }

    static Command Generate()
    {
        var modelOption = ModelOption();
        var prompt = new Option<string>("--prompt") { Description = "text to continue (needs a tokenizer)" };
        var ids = new Option<string>("--ids") { Description = "token ids to continue, instead of --prompt" };
        var tokenizerDir = new Option<string>("--tokenizer") { Description = "tokenizer directory (default: the model directory)" };
        var maxTokens = (new Option<int>("--max-tokens") { Description = "tokens to generate", DefaultValueFactory = _ => 32 }).Within(1, 1 << 16);
        var temperature = (new Option<double>("--temperature") { Description = "0 = greedy", DefaultValueFactory = _ => 0.0 }).Within(0.0, 1e6);
        var seed = new Option<int>("--seed") { Description = "sampling seed", DefaultValueFactory = _ => 0 };
        var json = JsonOption();
        var command = new Command("generate", "Continue a prompt, greedily or by sampling.")
            { modelOption, prompt, ids, tokenizerDir, maxTokens, temperature, seed, json };
        CliAction.Set(command, (parse, cli) =>
        {
            string? promptText = parse.GetValue(prompt);
            string? idText = parse.GetValue(ids);
            if ((promptText is null) == (idText is null))
                throw new ArgumentException("give exactly one of --prompt TEXT or --ids 1,2,3");
            var result = ModelWorkflow.Generate(new GenerateRequest
            {
                Model = parse.GetValue(modelOption)!,
                Prompt = promptText,
                Ids = idText is null ? null : IdList.Parse(idText),
                Tokenizer = parse.GetValue(tokenizerDir),
                MaxTokens = parse.GetValue(maxTokens),
                Temperature = parse.GetValue(temperature),
                Seed = parse.GetValue(seed),
            });
            var (promptIds, generated, text) = (result.PromptIds, result.Generated, result.Text);
            if (parse.GetValue(json))
            {
                cli.WriteJson(w =>
                {
                    w.WriteStartObject();
                    w.WriteStartArray("prompt_ids");
                    foreach (var i in promptIds) w.WriteNumberValue(i);
                    w.WriteEndArray();
                    w.WriteStartArray("ids");
                    foreach (var i in generated) w.WriteNumberValue(i);
                    w.WriteEndArray();
                    if (text is not null) w.WriteString("text", text);
                    w.WriteEndObject();
                });
            }
            else
            {
                cli.Out.WriteLine(text is not null ? (promptText ?? "") + text : string.Join(",", generated));
            }
            return ExitCodes.Ok;
        });
        return command;
    }
}
