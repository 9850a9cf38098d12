using System.CommandLine;
using System.Diagnostics;
using ShoggothLens.Cli.Infrastructure;
using ShoggothLens.Sae.Architectures;
using ShoggothLens.Sae.Backends;
using ShoggothLens.Sae.Backends.Ilgpu;
using ShoggothLens.Sae.Backends.Torch;
using ShoggothLens.Sae.Training;

namespace ShoggothLens.Cli.Commands;

/// <summary>
/// <c>shoggoth gpu-check compare|bench</c>, what tools/gpu-check runs on a lent GPU machine:
/// <c>compare</c> trains the ILGPU TopK step and the Torch sparse step (CPU) from the same state on
/// the same batches and reports the largest relative differences (exit 1 above the tolerance);
/// <c>bench</c> times the ILGPU step alone and prints tokens/s as one JSON line.
/// </summary>
public static class GpuCheckCommand
{
    public static Command Build()
    {
        var command = new Command("gpu-check", "Correctness and speed of the ILGPU training backend (tools/gpu-check).");
        command.Subcommands.Add(Compare());
        command.Subcommands.Add(Bench());
        return command;
    }

    sealed record Sizes(Option<int> DIn, Option<int> Width, Option<int> K, Option<int> Batch, Option<int> Seed, Option<bool> Cpu, Option<string> Product)
    {
        public IlgpuProduct ProductOf(ParseResult parse) => parse.GetValue(Product) switch
        {
            "auto" => IlgpuProduct.Auto,
            "kernel" => IlgpuProduct.Kernel,
            "cublas-fp32" => IlgpuProduct.CuBlasFp32,
            "cublas-tf32" => IlgpuProduct.CuBlasTf32,
            var other => throw new ArgumentException($"--product must be auto, kernel, cublas-fp32 or cublas-tf32, not '{other}'"),
        };
    }

    static Sizes AddSizes(Command command, int dIn, int width, int k, int batch)
    {
        var s = new Sizes(
            new Option<int>("--d-in") { Description = "input width", DefaultValueFactory = _ => dIn },
            new Option<int>("--width") { Description = "SAE latents", DefaultValueFactory = _ => width },
            new Option<int>("--k") { Description = "TopK k", DefaultValueFactory = _ => k },
            new Option<int>("--batch") { Description = "tokens per step", DefaultValueFactory = _ => batch },
            new Option<int>("--seed") { Description = "seed of weights and data", DefaultValueFactory = _ => 0 },
            new Option<bool>("--cpu") { Description = "use ILGPU's CPU accelerator even when a CUDA device is present" },
            new Option<string>("--product") { Description = "encoder product: auto (cuBLAS TF32 on CUDA, else the kernel), kernel, cublas-fp32, cublas-tf32", DefaultValueFactory = _ => "auto" });
        command.Options.Add(s.DIn);
        command.Options.Add(s.Width);
        command.Options.Add(s.K);
        command.Options.Add(s.Batch);
        command.Options.Add(s.Seed);
        command.Options.Add(s.Cpu);
        command.Options.Add(s.Product);
        return s;
    }

    static (SaeTrainingSetup Setup, SaeTrainingState Initial, float[][] Batches, int BatchSize) Prepare(ParseResult parse, Sizes s, int batchCount)
    {
        int d = parse.GetValue(s.DIn), w = parse.GetValue(s.Width), k = parse.GetValue(s.K), b = parse.GetValue(s.Batch);
        if (d < 1 || w < 1 || b < 1) throw new ArgumentException("--d-in, --width and --batch must be positive");
        var setup = new SaeTrainingSetup(SaeArchitecture.TopK, d, w, k);
        setup.Validate();
        var rng = new SplitMix64((ulong)parse.GetValue(s.Seed));
        var initial = SaeInitializer.Create(setup, rng, new float[d]);
        var batches = Enumerable.Range(0, batchCount).Select(_ =>
        {
            var x = new float[(long)b * d];
            for (int i = 0; i < x.Length; i++) x[i] = (float)rng.NextGaussian();
            return x;
        }).ToArray();
        return (setup, initial, batches, b);
    }

    static Command Compare()
    {
        var command = new Command("compare", "ILGPU TopK step against the Torch sparse step from the same state: largest relative differences.");
        var s = AddSizes(command, 256, 4096, 32, 512);
        var steps = new Option<int>("--steps") { Description = "optimiser steps", DefaultValueFactory = _ => 3 };
        var tolerance = new Option<double>("--tolerance") { Description = "largest relative difference allowed", DefaultValueFactory = _ => 1e-4 };
        var dead = new Option<int>("--dead") { Description = "latents counted dead (AuxK)", DefaultValueFactory = _ => 0 };
        command.Options.Add(steps);
        command.Options.Add(tolerance);
        var reference = new Option<string>("--reference")
        {
            Description = "what to compare against: torch (the Torch sparse CPU step) or ilgpu-cpu (the same kernels on ILGPU's CPU accelerator, for a publish without libtorch)",
            DefaultValueFactory = _ => "torch",
        };
        command.Options.Add(dead);
        command.Options.Add(reference);
        CliAction.Set(command, (parse, cli) =>
        {
            var (setup, initial, batches, b) = Prepare(parse, s, parse.GetValue(steps));
            var deadLatents = Enumerable.Range(0, Math.Min(parse.GetValue(dead), setup.DSae)).Select(i => i * (setup.DSae / Math.Max(1, parse.GetValue(dead)))).Distinct().ToArray();
            var controls = new StepControls(1e-3f, 0, deadLatents);
            using ISaeTrainingBackend torch = parse.GetValue(reference) switch
            {
                "torch" => new TorchSparseTopKBackend(setup, initial),
                "ilgpu-cpu" => new IlgpuTopKBackend(setup, initial, forceCpu: true),
                var other => throw new ArgumentException($"--reference must be torch or ilgpu-cpu, not '{other}'"),
            };
            using var ilgpu = new IlgpuTopKBackend(setup, initial, forceCpu: parse.GetValue(s.Cpu), product: s.ProductOf(parse));
            cli.Error.WriteLine($"backend {ilgpu.Name} on {ilgpu.DeviceName}, encoder product: {ilgpu.Product}");
            double worstLoss = 0;
            int firedMismatch = 0;
            foreach (var batch in batches)
            {
                var t = torch.Step(batch, b, controls);
                var g = ilgpu.Step(batch, b, controls);
                worstLoss = Math.Max(worstLoss, Math.Abs(t.Loss - g.Loss) / Math.Max(1e-12, Math.Abs(t.Loss)));
                for (int j = 0; j < t.FiredTokens.Length; j++) firedMismatch += Math.Abs(t.FiredTokens[j] - g.FiredTokens[j]);
            }
            var ts = torch.ExportState();
            var gs = ilgpu.ExportState();
            double worstWeights = 0;
            string worstName = "";
            foreach (var (name, expected) in ts.Tensors)
            {
                var actual = gs.Tensors[name].Data;
                double scale = Math.Max(1e-3, expected.Data.Max(v => Math.Abs((double)v))), worst = 0;
                for (int i = 0; i < actual.Length; i++) worst = Math.Max(worst, Math.Abs(expected.Data[i] - (double)actual[i]));
                if (worst / scale > worstWeights) { worstWeights = worst / scale; worstName = name; }
            }
            bool ok = worstLoss <= parse.GetValue(tolerance) && worstWeights <= parse.GetValue(tolerance);
            cli.WriteJson(j =>
            {
                j.WriteStartObject();
                j.WriteString("check", "compare");
                j.WriteString("device", ilgpu.DeviceName);
                j.WriteString("product", ilgpu.Product);
                j.WriteString("reference", parse.GetValue(reference));
                j.WriteNumber("d_in", setup.DIn);
                j.WriteNumber("width", setup.DSae);
                j.WriteNumber("k", setup.K);
                j.WriteNumber("batch", b);
                j.WriteNumber("steps", batches.Length);
                j.WriteNumber("max_loss_rel_diff", worstLoss);
                j.WriteNumber("max_weight_rel_diff", worstWeights);
                j.WriteString("worst_tensor", worstName);
                j.WriteNumber("fired_count_mismatch", firedMismatch);
                j.WriteBoolean("ok", ok);
                j.WriteEndObject();
            });
            return ok ? ExitCodes.Ok : 1;
        });
        return command;
    }

    static Command Bench()
    {
        var command = new Command("bench", "Tokens/s of the ILGPU TopK step (one JSON line).");
        var s = AddSizes(command, 768, 24576, 32, 4096);
        var seconds = new Option<double>("--seconds") { Description = "minimum timed seconds", DefaultValueFactory = _ => 5.0 };
        command.Options.Add(seconds);
        CliAction.Set(command, (parse, cli) =>
        {
            var (setup, initial, batches, b) = Prepare(parse, s, 8);
            var controls = new StepControls(2e-4f, 0, []);
            using var ilgpu = new IlgpuTopKBackend(setup, initial, forceCpu: parse.GetValue(s.Cpu), product: s.ProductOf(parse));
            cli.Error.WriteLine($"backend {ilgpu.Name} on {ilgpu.DeviceName}, encoder product: {ilgpu.Product}");
            int next = 0;
            // Warm-up: kernel compilation and first launches. Step() returns after the device finished (it reads the statistics back).
            for (int i = 0; i < 3; i++) ilgpu.Step(batches[next++ % batches.Length], b, controls);
            var clock = Stopwatch.StartNew();
            int steps = 0;
            while (clock.Elapsed.TotalSeconds < parse.GetValue(seconds) || steps < 3)
            {
                ilgpu.Step(batches[next++ % batches.Length], b, controls);
                steps++;
            }
            double elapsed = clock.Elapsed.TotalSeconds;
            cli.WriteJson(j =>
            {
                j.WriteStartObject();
                j.WriteString("check", "bench");
                j.WriteString("backend", ilgpu.Name);
                j.WriteString("device", ilgpu.DeviceName);
                j.WriteString("product", ilgpu.Product);
                j.WriteNumber("d_in", setup.DIn);
                j.WriteNumber("width", setup.DSae);
                j.WriteNumber("k", setup.K);
                j.WriteNumber("batch", b);
                j.WriteNumber("steps", steps);
                j.WriteNumber("ms_per_step", Math.Round(1000 * elapsed / steps, 3));
                j.WriteNumber("tokens_per_s", Math.Round(steps * (double)b / elapsed, 1));
                j.WriteEndObject();
            });
            return ExitCodes.Ok;
        });
        return command;
    }
}
