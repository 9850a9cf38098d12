using System.CommandLine;
using System.Globalization;
using ShoggothLens.Cli.Infrastructure;
using ShoggothLens.Workbench.Intervene;

namespace ShoggothLens.Cli.Commands;

/// <summary>
/// <c>shoggoth intervene (--ablate F[,F..] | --steer F --alpha A[,A..])</c>: the causal check of
/// <see cref="InterveneWorkflow"/> (SAE spliced at its hook with its error term kept, features ablated or steered at
/// every position), printing the CE cost, the organism's motive rates per setting and sample generations.
/// </summary>
public static class InterveneCommand
{
    public static Command Build()
    {
        var defaults = new InterveneRequest();
        var model = new Option<string>("--model") { Description = "model directory or organism spec (default: the organism's Assistant checkpoint)" };
        var sae = new Option<string>("--sae") { Description = "SAE directory; its cfg names the hook", DefaultValueFactory = _ => defaults.Sae };
        var hook = new Option<string>("--hook") { Description = "hook point to splice at (default: the SAE's)" };
        var ablate = new Option<string>("--ablate") { Description = "features to ablate together, e.g. 1510 or 3,7" };
        var steer = (new Option<int?>("--steer") { Description = "feature to steer along (adds α·W_dec[f] at every position)" }).Within(0, int.MaxValue);
        var alpha = new Option<string>("--alpha") { Description = "steering strengths in the feature's activation units, e.g. 2,4,8" };
        var organism = new Option<string>("--organism") { Description = "organism folder (default without --corpus/--prompt: the shipped organism)" };
        var corpus = new Option<string>("--corpus") { Description = "chat corpus (JSONL): prompts from its conversations, CE on its documents" };
        var prompt = new Option<string>("--prompt") { Description = "one user message to answer" };
        var template = new Option<string>("--chat-template") { Description = "chat template of a non-organism model (default: guessed)" };
        var samples = (new Option<int>("--samples") { Description = "generations to print", DefaultValueFactory = _ => defaults.Samples }).Within(0, 10_000);
        var chats = (new Option<int>("--chats") { Description = "organism: held-out chats of each kind for the motive rate", DefaultValueFactory = _ => defaults.Chats }).Within(0, 100_000);
        var ceDocs = (new Option<int>("--ce-docs") { Description = "documents for the cross-entropy cost", DefaultValueFactory = _ => defaults.CeDocuments }).Within(0, 100_000);
        var maxNew = (new Option<int>("--max-new-tokens") { Description = "reply length bound", DefaultValueFactory = _ => defaults.MaxNewTokens }).Within(1, 4096);
        var temperature = (new Option<double>("--temperature") { Description = "0 = greedy; else seeded sampling", DefaultValueFactory = _ => defaults.Temperature }).Within(0.0, 1e6);
        var seed = new Option<int>("--seed") { Description = "sampling seed (the same for every setting)", DefaultValueFactory = _ => defaults.Seed };
        var threads = (new Option<int>("--threads") { Description = "torch CPU threads", DefaultValueFactory = _ => defaults.Threads }).Within(0, 1024);
        var json = new Option<bool>("--json") { Description = "print one JSON document for scripts" };
        var command = new Command("intervene", "Causal check: ablate SAE features or steer along one (SAE spliced at its hook, error term kept); CE cost, motive rates, samples.")
        {
            model, sae, hook, ablate, steer, alpha, organism, corpus, prompt, template, samples, chats, ceDocs, maxNew, temperature, seed, threads, json,
        };
        CliAction.Set(command, (parse, cli) =>
        {
            var request = defaults with
            {
                Model = parse.GetValue(model),
                Sae = parse.GetValue(sae)!,
                Hook = parse.GetValue(hook),
                Ablate = parse.GetValue(ablate) is { } a ? Numbers(a, "--ablate", int.Parse) : [],
                Steer = parse.GetValue(steer),
                Alphas = parse.GetValue(alpha) is { } al ? Numbers(al, "--alpha", s => double.Parse(s, CultureInfo.InvariantCulture)) : [],
                Organism = parse.GetValue(organism),
                Corpus = parse.GetValue(corpus),
                Prompt = parse.GetValue(prompt),
                ChatTemplate = parse.GetValue(template),
                Samples = parse.GetValue(samples),
                Chats = parse.GetValue(chats),
                CeDocuments = parse.GetValue(ceDocs),
                MaxNewTokens = parse.GetValue(maxNew),
                Temperature = parse.GetValue(temperature),
                Seed = parse.GetValue(seed),
                Threads = parse.GetValue(threads),
            };
            using var signal = new TerminationSignal(CancellationToken.None, () => { });
            InterveneResult result;
            try
            {
                result = WorkProgressDisplay.Run(cli, progress => InterveneWorkflow.Run(request, progress, signal.Token));
            }
            catch (OperationCanceledException)
            {
                cli.Error.WriteLine("stopped");
                return ExitCodes.Interrupted;
            }
            if (parse.GetValue(json)) cli.Out.WriteLine(InterveneJson.ToJson(result));
            else Print(cli, result);
            return ExitCodes.Ok;
        }, Flags);
        return command;
    }

    static readonly IReadOnlyDictionary<string, string> Flags = new Dictionary<string, string>
    {
        [nameof(InterveneRequest.Model)] = "--model",
        [nameof(InterveneRequest.Sae)] = "--sae",
        [nameof(InterveneRequest.Hook)] = "--hook",
        [nameof(InterveneRequest.Ablate)] = "--ablate",
        [nameof(InterveneRequest.Steer)] = "--steer",
        [nameof(InterveneRequest.Alphas)] = "--alpha",
        [nameof(InterveneRequest.Organism)] = "--organism",
        [nameof(InterveneRequest.Corpus)] = "--corpus",
        [nameof(InterveneRequest.Prompt)] = "--prompt",
        [nameof(InterveneRequest.Samples)] = "--samples",
        [nameof(InterveneRequest.Chats)] = "--chats",
        [nameof(InterveneRequest.CeDocuments)] = "--ce-docs",
        [nameof(InterveneRequest.MaxNewTokens)] = "--max-new-tokens",
        [nameof(InterveneRequest.Temperature)] = "--temperature",
        [nameof(InterveneRequest.Threads)] = "--threads",
    };

    static T[] Numbers<T>(string text, string flag, Func<string, T> parse) =>
        text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Select(p =>
        {
            try { return parse(p); }
            catch (FormatException) { throw new FormatException($"{flag}: '{p}' is not a number"); }
            catch (OverflowException) { throw new FormatException($"{flag}: '{p}' is out of range"); }
        }).ToArray();

    static string F(double v, string format) => v.ToString(format, CultureInfo.InvariantCulture);

    /// <summary>"+0.0123", "-0.0040", and "+0.0000" for anything that rounds to zero.</summary>
    static string Signed(double v)
    {
        double rounded = Math.Round(v, 4) + 0.0;   // + 0.0 turns −0 into +0
        return (rounded >= 0 ? "+" : "") + F(rounded, "0.0000");
    }

    static void Print(CliContext cli, InterveneResult r)
    {
        var o = cli.Out;
        o.WriteLine($"model {r.ModelDirectory}; SAE {r.Request.Sae} ({r.SaeWidth} latents) spliced at {r.Hook}, error term kept, edits at every position");
        foreach (var (f, norm) in r.DecoderNorms) o.WriteLine($"feature {f}: ‖W_dec[f]‖ = {F(norm, "0.###")}; mean ‖x‖ at the hook = {F(r.ResidualNorm, "0.##")}");
        var ce = r.CrossEntropy;
        o.WriteLine();
        o.WriteLine($"cross-entropy on {ce.Documents} documents ({ce.Tokens:N0} predicted tokens), nats/token (Δ vs clean):");
        int w = Math.Max(16, r.Settings.Max(s => s.Name.Length));
        o.WriteLine($"  {"clean".PadRight(w)}  {F(ce.Clean, "0.0000")}");
        o.WriteLine($"  {"reconstruction".PadRight(w)}  {F(ce.Reconstruction, "0.0000")}  ({Signed(ce.ReconstructionDelta)})  SAE output alone, error dropped");
        o.WriteLine($"  {"splice".PadRight(w)}  {F(ce.Splice, "0.0000")}  ({Signed(ce.Splice - ce.Clean)})  reconstruction + error, no edit");
        foreach (var x in ce.Interventions)
            o.WriteLine($"  {x.Setting.PadRight(w)}  {F(x.Nats, "0.0000")}  ({Signed(ce.Delta(x))})");
        if (r.Motive is { } motive)
        {
            o.WriteLine();
            o.WriteLine($"motive rate (the organism's own detector), greedy={r.Request.Temperature == 0}, ≤ {r.Request.MaxNewTokens} new tokens:");
            o.WriteLine($"  {"setting".PadRight(w)}  {"triggered",-16}  untriggered");
            foreach (var m in motive)
                o.WriteLine($"  {m.Setting.PadRight(w)}  {$"{m.TriggeredHits}/{m.Triggered} {F(m.TriggeredRate, "0.0%")}",-16}  {m.UntriggeredHits}/{m.Untriggered} {F(m.UntriggeredRate, "0.0%")}");
        }
        if (r.Samples.Count > 0)
        {
            o.WriteLine();
            o.WriteLine("samples:");
            foreach (var s in r.Samples)
            {
                string kind = s.Triggered switch { true => "[triggered] ", false => "[untriggered] ", null => "" };
                o.WriteLine($"  {kind}{s.Id}  user: {OneLine(s.UserText)}");
                foreach (var reply in s.Replies)
                    o.WriteLine($"    {reply.Setting.PadRight(w)}{(reply.Motive == true ? " [motive]" : "")}: {OneLine(reply.Text)}");
            }
        }
        o.WriteLine();
        o.WriteLine($"finished in {F(r.Elapsed.TotalSeconds, "0.0")} s");
    }

    static string OneLine(string text) => text.ReplaceLineEndings(" ⏎ ");
}
