using System.CommandLine;
using System.Diagnostics;
using ShoggothLens.Cli.Infrastructure;
using ShoggothLens.Sae.Architectures;
using ShoggothLens.Sae.Backends;
using ShoggothLens.Sae.Training;

namespace ShoggothLens.Cli.Commands;

/// <summary>
/// <c>shoggoth bench train</c>: the dense-autograd step and the trainer's sparse step (TopK, or
/// BatchTopK with --arch), in one process, from the same initial weights on the same batches, timed
/// in alternating rounds so that load from other processes hits both alike. Prints tokens/s of each
/// and their ratio. Both backends come from <see cref="SaeBackends"/>, as <c>train</c>'s do.
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
        var dIn = new Option<int>("--d-in") { Description = "input width", DefaultValueFactory = _ => 128 };
        var width = new Option<int>("--width") { Description = "SAE latents", DefaultValueFactory = _ => 2048 };
        var arch = new Option<string>("--arch") { Description = "topk or batchtopk (the architectures with a sparse step)", DefaultValueFactory = _ => "topk" };
        var k = new Option<int>("--k") { Description = "TopK k", DefaultValueFactory = _ => 16 };
        var batch = new Option<int>("--batch") { Description = "tokens per step", DefaultValueFactory = _ => 4096 };
        var baseline = new Option<string>("--baseline") { Description = "what to compare against: dense (the dense-autograd step)", DefaultValueFactory = _ => "dense" };
        var rounds = new Option<int>("--rounds") { Description = "alternating timing rounds", DefaultValueFactory = _ => 3 };
        var seconds = new Option<double>("--seconds") { Description = "minimum time per backend per round", DefaultValueFactory = _ => 2.0 };
        var seed = new Option<int>("--seed") { Description = "seed of weights and data", DefaultValueFactory = _ => 0 };
        var json = new Option<bool>("--json") { Description = "print one JSON line" };
        var command = new Command("train", "Tokens/s of the sparse TopK training step against the dense-autograd step.")
            { dIn, width, arch, k, batch, baseline, rounds, seconds, seed, json };
        CliAction.Set(command, (parse, cli) =>
        {
            if (parse.GetValue(baseline) != "dense") throw new ArgumentException("--baseline must be dense (the only baseline there is)");
            int d = parse.GetValue(dIn), w = parse.GetValue(width), kk = parse.GetValue(k), b = parse.GetValue(batch);
            int r = parse.GetValue(rounds);
            if (d < 1 || w < 1 || b < 1 || r < 1) throw new ArgumentException("--d-in, --width, --batch and --rounds must be positive");
            var architecture = SaeArchitectures.Parse(parse.GetValue(arch)!);
            if (!SaeBackends.HasSparseStep(architecture))
                throw new ArgumentException($"--arch must be topk or batchtopk: {architecture} trains with dense autograd, the baseline itself");
            var setup = new SaeTrainingSetup(architecture, d, w, kk);
            setup.Validate();
            var rng = new SplitMix64((ulong)parse.GetValue(seed));
            var initial = SaeInitializer.Create(setup, rng, new float[d]);
            var batches = Enumerable.Range(0, 8).Select(_ =>
            {
                var x = new float[(long)b * d];
                for (int i = 0; i < x.Length; i++) x[i] = (float)rng.NextGaussian();
                return x;
            }).ToArray();
            var controls = new StepControls(2e-4f, 0, []);

            using var dense = SaeBackends.CreateDenseAutograd(setup, initial);
            using var sparse = SaeBackends.Create(BackendChoice.Torch, setup, initial);
            int next = 0;
            double Time(ISaeTrainingBackend backend, int steps)
            {
                var clock = Stopwatch.StartNew();
                for (int i = 0; i < steps; i++) backend.Step(batches[next++ % batches.Length], b, controls);
                return clock.Elapsed.TotalSeconds;
            }
            // Warm-up (allocations, libtorch's first calls), and a step count that fills the time per round.
            double minSeconds = parse.GetValue(seconds);
            int StepsFor(ISaeTrainingBackend backend)
            {
                Time(backend, 1);
                double one = Time(backend, 1);
                return (int)Math.Clamp(Math.Ceiling(minSeconds / Math.Max(one, 1e-6)), 1, 10_000);
            }
            int denseSteps = StepsFor(dense), sparseSteps = StepsFor(sparse);
            // Rates over all rounds (tokens / seconds); each round's ratio shows the spread.
            double denseSeconds = 0, sparseSeconds = 0;
            var ratios = new List<double>();
            for (int round = 0; round < r; round++)
            {
                double ds = Time(dense, denseSteps), ss = Time(sparse, sparseSteps);
                denseSeconds += ds;
                sparseSeconds += ss;
                double roundDense = denseSteps * (double)b / ds, roundSparse = sparseSteps * (double)b / ss;
                ratios.Add(roundSparse / roundDense);
                cli.Error.WriteLine($"round {round + 1}/{r}: dense {roundDense:F0} tokens/s, sparse {roundSparse:F0} tokens/s, ×{ratios[^1]:F2}");
            }
            double baseRate = r * denseSteps * (double)b / denseSeconds, rate = r * sparseSteps * (double)b / sparseSeconds;
            if (parse.GetValue(json))
            {
                cli.WriteJson(j =>
                {
                    j.WriteStartObject();
                    j.WriteNumber("baseline_tokens_per_s", Math.Round(baseRate, 1));
                    j.WriteNumber("tokens_per_s", Math.Round(rate, 1));
                    j.WriteNumber("speedup", Math.Round(rate / baseRate, 3));
                    j.WriteNumber("speedup_min", Math.Round(ratios.Min(), 3));
                    j.WriteNumber("speedup_max", Math.Round(ratios.Max(), 3));
                    j.WriteString("arch", architecture.SaeLensName());
                    j.WriteNumber("d_in", d);
                    j.WriteNumber("width", w);
                    j.WriteNumber("k", kk);
                    j.WriteNumber("batch", b);
                    j.WriteNumber("rounds", r);
                    j.WriteNumber("baseline_steps_per_round", denseSteps);
                    j.WriteNumber("steps_per_round", sparseSteps);
                    j.WriteString("baseline", dense.Name);
                    j.WriteString("backend", sparse.Name);
                    j.WriteNumber("torch_threads", TorchSharp.torch.get_num_threads());
                    j.WriteEndObject();
                });
            }
            else
            {
                cli.Out.WriteLine($"d_in {d}, width {w}, k {kk}, batch {b}: dense autograd {baseRate:F0} tokens/s, sparse {architecture} {rate:F0} tokens/s, speedup ×{rate / baseRate:F2} (rounds ×{ratios.Min():F2}–×{ratios.Max():F2})");
            }
            return ExitCodes.Ok;
        });
        return command;
    }
}
