using System.CommandLine;
using ShoggothLens.Cli.Infrastructure;
using ShoggothLens.Core.Work;
using ShoggothLens.Workbench.Diagnostics;

namespace ShoggothLens.Cli.Commands;

/// <summary>
/// <c>shoggoth gpu-check compare|bench|fve</c>, what tools/gpu-check runs on a lent GPU machine: parses the flags,
/// calls <see cref="GpuCheckWorkflow"/> and prints one JSON line (<c>compare</c> exits 1 above the tolerance).
/// The backend note goes to standard error.
/// </summary>
public static class GpuCheckCommand
{
    public static Command Build()
    {
        var command = new Command("gpu-check", "Correctness and speed of the ILGPU training backend (tools/gpu-check).");
        command.Subcommands.Add(Compare());
        command.Subcommands.Add(Bench());
        command.Subcommands.Add(Fve());
        return command;
    }

    sealed record Sizes(Option<int> DIn, Option<int> Width, Option<int> K, Option<int> Batch, Option<int> Seed, Option<bool> Cpu, Option<string> Product, Option<float> Clip,
        Option<string> Arch)
    {
        public GpuCheckSizes Of(ParseResult parse) => new()
        {
            DIn = parse.GetValue(DIn),
            Width = parse.GetValue(Width),
            K = parse.GetValue(K),
            Batch = parse.GetValue(Batch),
            Seed = parse.GetValue(Seed),
            Cpu = parse.GetValue(Cpu),
            Product = parse.GetValue(Product)!,
            Clip = parse.GetValue(Clip),
            Arch = parse.GetValue(Arch)!,
        };
    }

    static Sizes AddSizes(Command command, int dIn, int width, int k, int batch, float clip)
    {
        var s = new Sizes(
            new Option<int>("--d-in") { Description = "input width", DefaultValueFactory = _ => dIn },
            new Option<int>("--width") { Description = "SAE latents", DefaultValueFactory = _ => width },
            new Option<int>("--k") { Description = "TopK k", DefaultValueFactory = _ => k },
            new Option<int>("--batch") { Description = "tokens per step", DefaultValueFactory = _ => batch },
            new Option<int>("--seed") { Description = "seed of weights and data", DefaultValueFactory = _ => 0 },
            new Option<bool>("--cpu") { Description = "use ILGPU's CPU accelerator even when a CUDA device is present" },
            new Option<string>("--product") { Description = "encoder product: auto (cuBLAS TF32 on CUDA, else the kernel), kernel, cublas-fp32, cublas-tf32", DefaultValueFactory = _ => "auto" },
            new Option<float>("--clip") { Description = "gradient-norm clip (0: none, as the PyTorch anchor; then gradients and Adam run fused)", DefaultValueFactory = _ => clip },
            new Option<string>("--arch") { Description = "topk, batchtopk, relu (ReLU-L1) or jumprelu", DefaultValueFactory = _ => "topk" });
        command.Options.Add(s.DIn);
        command.Options.Add(s.Width);
        command.Options.Add(s.K);
        command.Options.Add(s.Batch);
        command.Options.Add(s.Seed);
        command.Options.Add(s.Cpu);
        command.Options.Add(s.Product);
        command.Options.Add(s.Clip);
        command.Options.Add(s.Arch);
        return s;
    }

    /// <summary>The sizes every check prints, in the order the gpu-check scripts read them.</summary>
    static void WriteShape(System.Text.Json.Utf8JsonWriter j, ShoggothLens.Sae.Backends.SaeTrainingSetup setup, int k, int batch, int steps)
    {
        j.WriteNumber("d_in", setup.DIn);
        j.WriteNumber("width", setup.DSae);
        j.WriteNumber("k", k);
        j.WriteNumber("batch", batch);
        j.WriteNumber("clip", setup.MaxGradNorm);
        j.WriteNumber("steps", steps);
    }

    /// <summary>The workflow's notes, on standard error as they come.</summary>
    static IProgress<WorkProgress> Notes(CliContext cli) => new InlineProgress<WorkProgress>(p =>
    {
        if (p.Kind == WorkEventKind.Note) cli.Error.WriteLine(p.Note);
    });

    static Command Compare()
    {
        var command = new Command("compare", "ILGPU TopK step against the Torch sparse step from the same state: largest relative differences.");
        var s = AddSizes(command, 256, 4096, 32, 512, clip: 1f);
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
            var result = GpuCheckWorkflow.Compare(new GpuCompareRequest
            {
                Sizes = s.Of(parse),
                Steps = parse.GetValue(steps),
                Tolerance = parse.GetValue(tolerance),
                Dead = parse.GetValue(dead),
                Reference = parse.GetValue(reference)!,
            }, Notes(cli));
            cli.WriteJson(j =>
            {
                j.WriteStartObject();
                j.WriteString("check", "compare");
                j.WriteString("arch", result.Setup.Architecture.ToString());
                j.WriteString("device", result.Device);
                j.WriteString("product", result.Product);
                j.WriteString("reference", result.Reference);
                WriteShape(j, result.Setup, result.Setup.K, result.Batch, result.Steps);
                j.WriteNumber("max_loss_rel_diff", result.MaxLossRelDiff);
                j.WriteNumber("max_weight_rel_diff", result.MaxWeightRelDiff);
                j.WriteString("worst_tensor", result.WorstTensor);
                j.WriteNumber("fired_count_mismatch", result.FiredCountMismatch);
                j.WriteBoolean("ok", result.Ok);
                j.WriteEndObject();
            });
            return result.Ok ? ExitCodes.Ok : 1;
        });
        return command;
    }

    static Command Bench()
    {
        var command = new Command("bench", "Tokens/s of the ILGPU TopK step on batches kept on the device, as the PyTorch anchor keeps them (one JSON line).");
        var s = AddSizes(command, 768, 24576, 32, 4096, clip: 0f);
        var seconds = new Option<double>("--seconds") { Description = "minimum timed seconds", DefaultValueFactory = _ => 5.0 };
        var upload = new Option<bool>("--upload") { Description = "also time steps that copy each batch from host memory (what `train` does)" };
        command.Options.Add(seconds);
        command.Options.Add(upload);
        CliAction.Set(command, (parse, cli) =>
        {
            var result = GpuCheckWorkflow.Bench(new GpuBenchRequest
            {
                Sizes = s.Of(parse),
                Seconds = parse.GetValue(seconds),
                Upload = parse.GetValue(upload),
            }, Notes(cli));
            cli.WriteJson(j =>
            {
                j.WriteStartObject();
                j.WriteString("check", "bench");
                j.WriteString("arch", result.Setup.Architecture.ToString());
                j.WriteString("backend", result.Backend);
                j.WriteString("device", result.Device);
                j.WriteString("product", result.Product);
                WriteShape(j, result.Setup, result.Setup.K, result.Batch, result.Steps);
                j.WriteNumber("ms_per_step", result.MsPerStep);
                j.WriteNumber("tokens_per_s", result.TokensPerSecond);
                if (result.UploadSteps > 0)
                {
                    j.WriteNumber("upload_ms_per_step", result.UploadMsPerStep);
                    j.WriteNumber("upload_tokens_per_s", result.UploadTokensPerSecond);
                }
                j.WriteStartObject("phase_ms");
                foreach (var (phase, ms) in result.PhaseMs) j.WriteNumber(phase, ms);
                j.WriteEndObject();
                j.WriteEndObject();
            });
            return ExitCodes.Ok;
        });
        return command;
    }

    static Command Fve()
    {
        var command = new Command("fve",
            "Trains from one seed on synthetic sparse-dictionary data and prints the fraction of variance explained on held-out batches (one JSON line); run with --backend ilgpu on a GPU and --backend torch on the CPU, same arguments, to compare.");
        var s = AddSizes(command, 768, 24576, 32, 4096, clip: 1f);
        var steps = new Option<int>("--steps") { Description = "training steps", DefaultValueFactory = _ => 50 };
        var backend = new Option<string>("--backend") { Description = "ilgpu (CUDA, or the CPU accelerator with --cpu), torch (the Torch CPU step) or auto, as train's --backend", DefaultValueFactory = _ => "ilgpu" };
        var rate = new Option<float>("--lr") { Description = "learning rate", DefaultValueFactory = _ => 1e-3f };
        command.Options.Add(steps);
        command.Options.Add(backend);
        command.Options.Add(rate);
        CliAction.Set(command, (parse, cli) =>
        {
            var result = GpuCheckWorkflow.Fve(new GpuFveRequest
            {
                Sizes = s.Of(parse),
                Steps = parse.GetValue(steps),
                Backend = parse.GetValue(backend)!,
                LearningRate = parse.GetValue(rate),
            }, Notes(cli));
            cli.WriteJson(j =>
            {
                j.WriteStartObject();
                j.WriteString("check", "fve");
                j.WriteString("arch", result.Setup.Architecture.ToString());
                j.WriteString("backend", result.Backend);
                WriteShape(j, result.Setup, result.K, result.Batch, result.Steps);
                j.WriteNumber("tokens", result.Tokens);
                j.WriteNumber("last_train_mse", result.LastTrainMse);
                j.WriteNumber("heldout_fve", result.HeldoutFve);
                j.WriteNumber("train_seconds", result.TrainSeconds);
                j.WriteEndObject();
            });
            return ExitCodes.Ok;
        });
        return command;
    }
}
