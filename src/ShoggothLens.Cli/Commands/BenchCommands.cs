using System.CommandLine;
using ShoggothLens.Cli.Infrastructure;
using ShoggothLens.Sae.Training;
using ShoggothLens.Core.Work;
using ShoggothLens.Sae.Architectures;
using ShoggothLens.Workbench.Diagnostics;

namespace ShoggothLens.Cli.Commands;

/// <summary>
/// <c>shoggoth bench train</c>: parses the flags, calls <see cref="TrainStepBenchmark"/> (the dense-autograd step
/// against the sparse step, timed in alternating rounds), prints each round to standard error and tokens/s of
/// each and their ratio (a line, or one JSON line with --json).
/// </summary>
public static class BenchCommands
{
    public static Command Build()
    {
        var bench = new Command("bench", "Benchmarks (figures go to tools/BENCHMARKS.md).");
        bench.Subcommands.Add(Train());
        return bench;
    }

    static Command Train()
    {
        var dIn = (new Option<int>("--d-in") { Description = "input width", DefaultValueFactory = _ => 128 }).Within(1, 1 << 16);
        var width = (new Option<int>("--width") { Description = "SAE latents", DefaultValueFactory = _ => 2048 }).Within(1, SaeTrainingOptions.MaxWidth);
        var arch = new Option<string>("--arch") { Description = "topk or batchtopk (the architectures with a sparse step)", DefaultValueFactory = _ => "topk" };
        var k = (new Option<int>("--k") { Description = "TopK k", DefaultValueFactory = _ => 16 }).Within(1, SaeTrainingOptions.MaxWidth);
        var batch = (new Option<int>("--batch") { Description = "tokens per step", DefaultValueFactory = _ => 4096 }).Within(1, SaeTrainingOptions.MaxBatchSize);
        var baseline = new Option<string>("--baseline") { Description = "what to compare against: dense (the dense-autograd step)", DefaultValueFactory = _ => "dense" };
        var rounds = (new Option<int>("--rounds") { Description = "alternating timing rounds", DefaultValueFactory = _ => 3 }).Within(1, 1000);
        var seconds = (new Option<double>("--seconds") { Description = "minimum time per backend per round", DefaultValueFactory = _ => 2.0 }).Within(0.0, 3600.0);
        var seed = new Option<int>("--seed") { Description = "seed of weights and data", DefaultValueFactory = _ => 0 };
        var json = new Option<bool>("--json") { Description = "print one JSON line" };
        var command = new Command("train", "Tokens/s of the sparse TopK training step against the dense-autograd step.")
            { dIn, width, arch, k, batch, baseline, rounds, seconds, seed, json };
        CliAction.Set(command, (parse, cli) =>
        {
            var result = TrainStepBenchmark.Run(new TrainBenchRequest
            {
                DIn = parse.GetValue(dIn),
                Width = parse.GetValue(width),
                Arch = parse.GetValue(arch)!,
                K = parse.GetValue(k),
                Batch = parse.GetValue(batch),
                Baseline = parse.GetValue(baseline)!,
                Rounds = parse.GetValue(rounds),
                Seconds = parse.GetValue(seconds),
                Seed = parse.GetValue(seed),
            }, new InlineProgress<WorkProgress>(p =>
            {
                if (p.Kind == WorkEventKind.Note) cli.Error.WriteLine(p.Note);
            }));
            double baseRate = result.BaselineTokensPerSecond, rate = result.TokensPerSecond;
            double ratioMin = result.RoundRatios.Min(), ratioMax = result.RoundRatios.Max();
            if (parse.GetValue(json))
            {
                cli.WriteJson(j =>
                {
                    j.WriteStartObject();
                    j.WriteNumber("baseline_tokens_per_s", Math.Round(baseRate, 1));
                    j.WriteNumber("tokens_per_s", Math.Round(rate, 1));
                    j.WriteNumber("speedup", Math.Round(rate / baseRate, 3));
                    j.WriteNumber("speedup_min", Math.Round(ratioMin, 3));
                    j.WriteNumber("speedup_max", Math.Round(ratioMax, 3));
                    j.WriteString("arch", result.Architecture.SaeLensName());
                    j.WriteNumber("d_in", result.DIn);
                    j.WriteNumber("width", result.Width);
                    j.WriteNumber("k", result.K);
                    j.WriteNumber("batch", result.Batch);
                    j.WriteNumber("rounds", result.Rounds);
                    j.WriteNumber("baseline_steps_per_round", result.BaselineStepsPerRound);
                    j.WriteNumber("steps_per_round", result.StepsPerRound);
                    j.WriteString("baseline", result.Baseline);
                    j.WriteString("backend", result.Backend);
                    j.WriteNumber("torch_threads", result.TorchThreads);
                    j.WriteEndObject();
                });
            }
            else
            {
                cli.Out.WriteLine($"d_in {result.DIn}, width {result.Width}, k {result.K}, batch {result.Batch}: dense autograd {baseRate:F0} tokens/s, sparse {result.Architecture} {rate:F0} tokens/s, speedup ×{rate / baseRate:F2} (rounds ×{ratioMin:F2}–×{ratioMax:F2})");
            }
            return ExitCodes.Ok;
        });
        return command;
    }
}
