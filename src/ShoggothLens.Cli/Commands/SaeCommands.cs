using System.CommandLine;
using ShoggothLens.Cli.Infrastructure;
using ShoggothLens.Sae.Architectures;
using ShoggothLens.Sae.Backends;
using ShoggothLens.Sae.Metrics;
using ShoggothLens.Sae.Training;
using ShoggothLens.Workbench.SaeEvaluation;
using ShoggothLens.Workbench.Training;

namespace ShoggothLens.Cli.Commands;

/// <summary><c>shoggoth train</c> and <c>shoggoth sae eval | info</c>.</summary>
public static class SaeCommands
{
    public static IEnumerable<Command> Build()
    {
        yield return Train();
        var sae = new Command("sae", "Evaluate and describe sparse autoencoders (SAELens, sparsify, Gemma Scope layouts).");
        sae.Subcommands.Add(Eval());
        sae.Subcommands.Add(Info());
        yield return sae;
    }

    static Command Train()
    {
        var store = new Option<string>("--store") { Description = "activation store directory", Required = true };
        var hook = new Option<string>("--hook") { Description = "hook point to train on, e.g. blocks.1.hook_resid_post", Required = true };
        var arch = new Option<string>("--arch") { Description = "topk | batchtopk | jumprelu | relu", Required = true };
        var width = (new Option<int?>("--width") { Description = "number of latents" }).Within(1, SaeTrainingOptions.MaxWidth);
        var expansion = (new Option<double?>("--expansion") { Description = "latents as a multiple of d_in (instead of --width)" }).Within(1e-3, 4096.0);
        var k = (new Option<int>("--k") { Description = "active latents per token (topk, batchtopk)", DefaultValueFactory = _ => 32 }).Within(1, SaeTrainingOptions.MaxWidth);
        var l1 = (new Option<float?>("--l1") { Description = "sparsity coefficient: L1 for relu (default 5), L0 for jumprelu (default 1)" }).Within(0f, 1e6f);
        var lr = (new Option<float>("--lr") { Description = "Adam learning rate", DefaultValueFactory = _ => 3e-4f }).Within(1e-12f, 10f);
        var tokens = (new Option<long?>("--tokens") { Description = "tokens to train on (default: one pass over the store)" }).Within(1L, long.MaxValue / 2);
        var batch = (new Option<int>("--batch") { Description = "tokens per step", DefaultValueFactory = _ => 4096 }).Within(1, SaeTrainingOptions.MaxBatchSize);
        var backend = new Option<string>("--backend") { Description = "auto | torch | ilgpu", DefaultValueFactory = _ => "auto" };
        var seed = new Option<ulong>("--seed") { Description = "seed of the initial weights and the token order", DefaultValueFactory = _ => 0UL };
        var output = new Option<string>("--out") { Description = "output directory (SAELens layout, metrics.jsonl, checkpoint)", Required = true };
        var resume = new Option<bool>("--resume") { Description = "continue the run in --out from its last checkpoint" };
        var checkpointEvery = (new Option<int>("--checkpoint-every") { Description = "steps between checkpoints (0: only at the end)", DefaultValueFactory = _ => 500 }).Within(0, int.MaxValue);
        var logEvery = (new Option<int?>("--log-every") { Description = "steps per metrics line (default: about 200 lines per run)" }).Within(1, int.MaxValue);
        var deadTokens = (new Option<long?>("--dead-tokens") { Description = "a latent silent this many tokens is dead (default min(10M, tokens/4))" }).Within(1L, long.MaxValue / 2);
        var kAux = (new Option<int>("--k-aux") { Description = "AuxK latents (0: d_in/2)", DefaultValueFactory = _ => 0 }).Within(0, SaeTrainingOptions.MaxWidth);
        var auxCoefficient = (new Option<float>("--aux-coefficient") { Description = "AuxK loss coefficient", DefaultValueFactory = _ => 1f / 32 }).Within(0f, 1e6f);
        var clip = (new Option<float>("--max-grad-norm") { Description = "gradient-norm clip (0: none)", DefaultValueFactory = _ => 1f }).Within(0f, 1e9f);
        var lrWarmup = (new Option<long?>("--lr-warmup") { Description = "learning-rate warm-up steps (default min(1000, 5%))" }).Within(0L, long.MaxValue / 2);
        var lrDecay = (new Option<long?>("--lr-decay") { Description = "final steps of linear decay to 0 (default 20%)" }).Within(0L, long.MaxValue / 2);
        var l1Warmup = (new Option<long?>("--l1-warmup") { Description = "sparsity-coefficient warm-up steps (default 5%)" }).Within(0L, long.MaxValue / 2);
        var bDecInit = new Option<string>("--b-dec-init") { Description = "geometric-median | mean | zeros", DefaultValueFactory = _ => "geometric-median" };
        var noNormalize = new Option<bool>("--no-normalize") { Description = "train on raw activations (default: scaled to mean squared norm d_in, folded into the saved weights)" };
        var bandwidth = (new Option<float>("--jumprelu-bandwidth") { Description = "JumpReLU straight-through bandwidth", DefaultValueFactory = _ => 0.001f }).Within(1e-9f, 1e3f);
        var initThreshold = (new Option<float>("--jumprelu-init-threshold") { Description = "JumpReLU initial threshold", DefaultValueFactory = _ => 0.001f }).Within(0f, 1e6f);
        var buffer = (new Option<int>("--shuffle-buffer") { Description = "tokens in the sampler's shuffle buffer", DefaultValueFactory = _ => 1 << 16 }).Within(1, 1 << 28);
        var json = new Option<bool>("--json") { Description = "print the final summary as one JSON line" };
        var command = new Command("train", "Train a sparse autoencoder on one hook of an activation store.")
        {
            store, hook, arch, width, expansion, k, l1, lr, tokens, batch, backend, seed, output, resume, checkpointEvery, logEvery,
            deadTokens, kAux, auxCoefficient, clip, lrWarmup, lrDecay, l1Warmup, bDecInit, noNormalize, bandwidth, initThreshold, buffer, json,
        };
        CliAction.Set(command, (parse, cli) =>
        {
            var request = new TrainRequest
            {
                Store = parse.GetValue(store)!,
                Hook = parse.GetValue(hook)!,
                Architecture = SaeArchitectures.Parse(parse.GetValue(arch)!),
                Backend = SaeBackends.Parse(parse.GetValue(backend)!),
                Output = parse.GetValue(output)!,
                Resume = parse.GetValue(resume),
                Width = parse.GetValue(width),
                Expansion = parse.GetValue(expansion),
                K = parse.GetValue(k),
                SparsityCoefficient = parse.GetValue(l1),
                LearningRate = parse.GetValue(lr),
                Tokens = parse.GetValue(tokens),
                BatchSize = parse.GetValue(batch),
                Seed = parse.GetValue(seed),
                LrWarmupSteps = parse.GetValue(lrWarmup),
                LrDecaySteps = parse.GetValue(lrDecay),
                SparsityWarmupSteps = parse.GetValue(l1Warmup),
                DeadAfterTokens = parse.GetValue(deadTokens),
                KAux = parse.GetValue(kAux),
                AuxCoefficient = parse.GetValue(auxCoefficient),
                MaxGradNorm = parse.GetValue(clip),
                BDecInit = parse.GetValue(bDecInit) switch
                {
                    "geometric-median" => BDecInit.GeometricMedian,
                    "mean" => BDecInit.Mean,
                    "zeros" => BDecInit.Zeros,
                    var other => throw new ArgumentException($"--b-dec-init must be geometric-median, mean or zeros, not '{other}'"),
                },
                NormalizeActivations = !parse.GetValue(noNormalize),
                JumpReluBandwidth = parse.GetValue(bandwidth),
                JumpReluInitThreshold = parse.GetValue(initThreshold),
                CheckpointEvery = parse.GetValue(checkpointEvery),
                LogEvery = parse.GetValue(logEvery),
                ShuffleBuffer = parse.GetValue(buffer),
            };

            using var signal = new TerminationSignal(CancellationToken.None, () => cli.Error.WriteLine("stopping after this step: writing a checkpoint (press Ctrl-C again to quit at once)"));
            TrainResult trained;
            try
            {
                trained = WorkProgressDisplay.Run(cli, progress => TrainWorkflow.Run(request, progress, signal.Token));
            }
            catch (OperationCanceledException)
            {
                cli.Error.WriteLine($"stopped; the checkpoint in {request.Output} holds the run: continue it with the same command and --resume");
                return ExitCodes.Interrupted;
            }
            var result = trained.Run;
            var m = result.LastLog?.Metrics;
            if (parse.GetValue(json))
            {
                cli.WriteJson(w =>
                {
                    w.WriteStartObject();
                    w.WriteString("out", result.Directory);
                    w.WriteNumber("steps", result.Steps);
                    w.WriteNumber("tokens", result.Tokens);
                    w.WriteNumber("activation_scale", result.Scale);
                    w.WriteBoolean("resumed", result.Resumed);
                    if (result.LastLog is { } last) MetricsLog.WriteMetrics(w, last.Metrics);
                    w.WriteEndObject();
                });
            }
            else
            {
                cli.Out.WriteLine($"trained {request.Architecture.SaeLensName()} SAE, {trained.Options.Width} latents on {request.Hook}: {result.Steps} steps, {result.Tokens:N0} tokens -> {result.Directory}");
                if (m is not null)
                    cli.Out.WriteLine($"last window: L0 {m.L0:F2}, MSE {m.Mse:G4}, FVE {m.FractionVarianceExplained:F4}, dead {m.DeadFraction:P1}, dense {m.DenseFraction:P1}");
            }
            return ExitCodes.Ok;
        }, TrainFlags);
        return command;
    }

    /// <summary>The flags of <see cref="TrainRequest"/>'s options, for messages that name an option.</summary>
    static readonly Dictionary<string, string> TrainFlags = new()
    {
        [nameof(TrainRequest.Store)] = "--store",
        [nameof(TrainRequest.Hook)] = "--hook",
        [nameof(TrainRequest.Output)] = "--out",
        [nameof(TrainRequest.Resume)] = "--resume",
        [nameof(TrainRequest.Width)] = "--width",
        [nameof(TrainRequest.Expansion)] = "--expansion",
        [nameof(TrainRequest.K)] = "--k",
        [nameof(TrainRequest.SparsityCoefficient)] = "--l1",
        [nameof(TrainRequest.LearningRate)] = "--lr",
        [nameof(TrainRequest.Tokens)] = "--tokens",
        [nameof(TrainRequest.BatchSize)] = "--batch",
        [nameof(TrainRequest.CheckpointEvery)] = "--checkpoint-every",
        [nameof(TrainRequest.LogEvery)] = "--log-every",
        [nameof(TrainRequest.KAux)] = "--k-aux",
    };

    static Command Eval()
    {
        var saeDir = new Option<string>("--sae") { Description = "SAE directory (or Gemma Scope .npz)", Required = true };
        var store = new Option<string>("--store") { Description = "activation store with held-out tokens", Required = true };
        var model = new Option<string>("--model") { Description = "model directory: adds CE loss recovered (SAE spliced in at its hook)" };
        var hook = new Option<string>("--hook") { Description = "hook point (default: the SAE's hook_name)" };
        var tokens = new Option<long>("--tokens") { Description = "tokens of the store to evaluate on (from its start)", DefaultValueFactory = _ => 1_000_000 }.Within(1L, long.MaxValue / 2);
        var ceTokens = new Option<long>("--ce-tokens") { Description = "tokens (whole harvest windows) for CE loss recovered", DefaultValueFactory = _ => 16_384 }.Within(0L, 1L << 30);
        var json = new Option<bool>("--json") { Description = "print one JSON document" };
        var command = new Command("eval", "L0, MSE, fraction of variance explained, dead and dense fractions (and CE loss recovered) of an SAE on stored activations.")
            { saeDir, store, model, hook, tokens, ceTokens, json };
        CliAction.Set(command, (parse, cli) =>
        {
            var request = new SaeEvalRequest
            {
                Sae = parse.GetValue(saeDir)!,
                Store = parse.GetValue(store)!,
                Model = parse.GetValue(model),
                Hook = parse.GetValue(hook),
                Tokens = parse.GetValue(tokens),
                CeTokens = parse.GetValue(ceTokens),
            };
            var result = SaeEvalWorkflow.Evaluate(request);
            var (metrics, ce) = (result.Metrics, result.CeLoss);
            if (parse.GetValue(json))
            {
                cli.WriteJson(w =>
                {
                    w.WriteStartObject();
                    w.WriteString("sae", result.SaePath);
                    w.WriteString("hook", result.Hook);
                    MetricsLog.WriteMetrics(w, metrics);
                    if (ce is not null) w.WriteNumber("ce_tokens", ce.Tokens);
                    w.WriteEndObject();
                });
                return ExitCodes.Ok;
            }
            var o = cli.Out;
            o.WriteLine($"SAE {result.SaePath} on {result.Hook}, {metrics.Tokens:N0} tokens");
            o.WriteLine($"L0                  {metrics.L0:F3}");
            o.WriteLine($"MSE                 {metrics.Mse:G6}");
            o.WriteLine($"variance explained  {metrics.FractionVarianceExplained:F4}");
            o.WriteLine($"dead (never fired)  {metrics.DeadFraction:P2}");
            o.WriteLine($"dense (>10% tokens) {metrics.DenseFraction:P2}");
            if (ce is not null)
                o.WriteLine($"CE loss recovered   {ce.Recovered:F4} (clean {ce.CleanLoss:F4}, spliced {ce.SaeLoss:F4}, zero-ablated {ce.ZeroAblationLoss:F4}; {ce.Tokens:N0} predictions)");
            return ExitCodes.Ok;
        }, EvalFlags);
        return command;
    }

    static readonly Dictionary<string, string> EvalFlags = new()
    {
        [nameof(SaeEvalRequest.Hook)] = "--hook",
        [nameof(SaeEvalRequest.Tokens)] = "--tokens",
        [nameof(SaeEvalRequest.CeTokens)] = "--ce-tokens",
    };

    static Command Info()
    {
        var dir = new Argument<string>("DIR") { Description = "SAE directory (SAELens, sparsify, Gemma Scope) or .npz" };
        var json = new Option<bool>("--json") { Description = "print one JSON document" };
        var command = new Command("info", "Layout, architecture, sizes, hook and weight statistics of an SAE.") { dir, json };
        CliAction.Set(command, (parse, cli) =>
        {
            var info = SaeInfoWorkflow.Describe(parse.GetValue(dir)!);
            var sae = info.Sae;
            var c = sae.Config;
            var (norms, thresholds) = (info.DecoderNorms, info.Thresholds);
            if (parse.GetValue(json))
            {
                cli.WriteJson(w =>
                {
                    w.WriteStartObject();
                    w.WriteString("path", sae.Path);
                    w.WriteString("layout", info.Layout);
                    w.WriteString("architecture", c.Architecture.SaeLensName());
                    if (c.TrainedAs is { } t) w.WriteString("trained_as", t.SaeLensName());
                    w.WriteNumber("d_in", c.DIn);
                    w.WriteNumber("d_sae", c.DSae);
                    if (c.K is { } k) w.WriteNumber("k", k);
                    w.WriteBoolean("apply_b_dec_to_input", c.ApplyBDecToInput);
                    if (c.HookName is not null) w.WriteString("hook_name", c.HookName);
                    if (c.ModelName is not null) w.WriteString("model_name", c.ModelName);
                    w.WriteNumber("parameters", info.Parameters);
                    w.WriteNumber("decoder_norm_min", norms.Min);
                    w.WriteNumber("decoder_norm_mean", norms.Mean);
                    w.WriteNumber("decoder_norm_max", norms.Max);
                    if (thresholds is { } th)
                    {
                        // Thresholds are float weights: written as floats.
                        w.WriteNumber("threshold_min", (float)th.Min);
                        w.WriteNumber("threshold_mean", (float)th.Mean);
                        w.WriteNumber("threshold_max", (float)th.Max);
                    }
                    w.WriteEndObject();
                });
                return ExitCodes.Ok;
            }
            var o = cli.Out;
            o.WriteLine($"layout          {info.Layout} ({sae.Path})");
            o.WriteLine($"architecture    {c.Architecture.SaeLensName()}{(c.K is { } kk ? $", k = {kk}" : "")}{(c.TrainedAs is { } ta && ta != c.Architecture ? $" (trained as {ta.SaeLensName()})" : "")}");
            o.WriteLine($"d_in × d_sae    {c.DIn} × {c.DSae} ({info.Parameters:N0} parameters)");
            o.WriteLine($"encoder input   {(c.ApplyBDecToInput ? "x − b_dec" : "x")}");
            o.WriteLine($"hook            {c.HookName ?? "(not recorded)"}");
            o.WriteLine($"model           {c.ModelName ?? "(not recorded)"}");
            o.WriteLine($"decoder norms   min {norms.Min:G4}, mean {norms.Mean:G4}, max {norms.Max:G4}");
            if (thresholds is { } thr)
                o.WriteLine($"threshold       min {(float)thr.Min:G4}, mean {(float)thr.Mean:G4}, max {(float)thr.Max:G4}");
            return ExitCodes.Ok;
        });
        return command;
    }
}
