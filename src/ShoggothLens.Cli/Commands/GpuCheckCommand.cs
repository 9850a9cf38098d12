using System.CommandLine;
using System.Diagnostics;
using ShoggothLens.Cli.Infrastructure;
using ShoggothLens.Sae.Architectures;
using ShoggothLens.Sae.Backends;
using ShoggothLens.Sae.Backends.Ilgpu;
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
        command.Subcommands.Add(Fve());
        return command;
    }

    sealed record Sizes(Option<int> DIn, Option<int> Width, Option<int> K, Option<int> Batch, Option<int> Seed, Option<bool> Cpu, Option<string> Product, Option<float> Clip,
        Option<string> Arch)
    {
        public SaeTrainingSetup Setup(ParseResult parse)
        {
            var architecture = SaeArchitectures.Parse(parse.GetValue(Arch)!);
            int k = architecture is SaeArchitecture.Standard or SaeArchitecture.JumpReLU ? 0 : parse.GetValue(K);
            return new(architecture, parse.GetValue(DIn), parse.GetValue(Width), k, MaxGradNorm: parse.GetValue(Clip));
        }

        /// <summary>The L1 coefficient a ReLU SAE trains with here (SAELens's default 5 is for its activation scaling; 1 keeps random data sparse).</summary>
        public static float Sparsity(SaeTrainingSetup setup) => setup.Architecture is SaeArchitecture.Standard or SaeArchitecture.JumpReLU ? 1f : 0f;

        /// <summary>The ILGPU backend's options: --cpu and --product.</summary>
        public IlgpuOptions IlgpuOf(ParseResult parse) => new(ForceCpu: parse.GetValue(Cpu), Product: IlgpuProducts.Parse(parse.GetValue(Product)!));
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

    static (SaeTrainingSetup Setup, SaeTrainingState Initial, float[][] Batches, int BatchSize) Prepare(ParseResult parse, Sizes s, int batchCount)
    {
        int d = parse.GetValue(s.DIn), w = parse.GetValue(s.Width), k = parse.GetValue(s.K), b = parse.GetValue(s.Batch);
        if (d < 1 || w < 1 || b < 1) throw new ArgumentException("--d-in, --width and --batch must be positive");
        var setup = s.Setup(parse);
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
            var (setup, initial, batches, b) = Prepare(parse, s, parse.GetValue(steps));
            var deadLatents = Enumerable.Range(0, Math.Min(parse.GetValue(dead), setup.DSae)).Select(i => i * (setup.DSae / Math.Max(1, parse.GetValue(dead)))).Distinct().ToArray();
            var controls = new StepControls(1e-3f, Sizes.Sparsity(setup), deadLatents);
            using ISaeTrainingBackend torch = parse.GetValue(reference) switch
            {
                "torch" => SaeBackends.Create(BackendChoice.Torch, setup, initial),
                "ilgpu-cpu" => SaeBackends.Create(BackendChoice.Ilgpu, setup, initial, new IlgpuOptions(ForceCpu: true)),
                var other => throw new ArgumentException($"--reference must be torch or ilgpu-cpu, not '{other}'"),
            };
            using var ilgpu = SaeBackends.CreateIlgpu(setup, initial, s.IlgpuOf(parse));
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
                j.WriteString("arch", setup.Architecture.ToString());
                j.WriteString("device", ilgpu.DeviceName);
                j.WriteString("product", ilgpu.Product);
                j.WriteString("reference", parse.GetValue(reference));
                j.WriteNumber("d_in", setup.DIn);
                j.WriteNumber("width", setup.DSae);
                j.WriteNumber("k", setup.K);
                j.WriteNumber("batch", b);
                j.WriteNumber("clip", setup.MaxGradNorm);
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
        var command = new Command("bench", "Tokens/s of the ILGPU TopK step on batches kept on the device, as the PyTorch anchor keeps them (one JSON line).");
        var s = AddSizes(command, 768, 24576, 32, 4096, clip: 0f);
        var seconds = new Option<double>("--seconds") { Description = "minimum timed seconds", DefaultValueFactory = _ => 5.0 };
        var upload = new Option<bool>("--upload") { Description = "also time steps that copy each batch from host memory (what `train` does)" };
        command.Options.Add(seconds);
        command.Options.Add(upload);
        CliAction.Set(command, (parse, cli) =>
        {
            var (setup, initial, batches, b) = Prepare(parse, s, 8);
            var controls = new StepControls(2e-4f, Sizes.Sparsity(setup), []);
            using var ilgpu = SaeBackends.CreateIlgpu(setup, initial, s.IlgpuOf(parse));
            cli.Error.WriteLine($"backend {ilgpu.Name} on {ilgpu.DeviceName}, encoder product: {ilgpu.Product}");
            var resident = batches.Select(ilgpu.Upload).ToArray();
            try
            {
                int next = 0;
                // Warm-up: kernel compilation and first launches. A step returns after the device
                // finished (it reads the statistics back), so host time is device time.
                for (int i = 0; i < 3; i++) ilgpu.StepResident(resident[next++ % resident.Length], b, controls);
                double Time(Func<int, StepStats> step, out int steps)
                {
                    var clock = Stopwatch.StartNew();
                    steps = 0;
                    while (clock.Elapsed.TotalSeconds < parse.GetValue(seconds) || steps < 3)
                    {
                        step(next++);
                        steps++;
                    }
                    return clock.Elapsed.TotalSeconds;
                }
                double elapsed = Time(i => ilgpu.StepResident(resident[i % resident.Length], b, controls), out int steps);
                double uploadElapsed = 0;
                int uploadSteps = 0;
                if (parse.GetValue(upload)) uploadElapsed = Time(i => ilgpu.Step(batches[i % batches.Length], b, controls), out uploadSteps);

                // Where the time goes: a few steps with every phase synchronised and timed.
                ilgpu.ProfilePhases = true;
                const int profiled = 5;
                for (int i = 0; i < profiled; i++) ilgpu.StepResident(resident[next++ % resident.Length], b, controls);
                ilgpu.ProfilePhases = false;
                cli.WriteJson(j =>
                {
                    j.WriteStartObject();
                    j.WriteString("check", "bench");
                    j.WriteString("arch", setup.Architecture.ToString());
                    j.WriteString("backend", ilgpu.Name);
                    j.WriteString("device", ilgpu.DeviceName);
                    j.WriteString("product", ilgpu.Product);
                    j.WriteNumber("d_in", setup.DIn);
                    j.WriteNumber("width", setup.DSae);
                    j.WriteNumber("k", setup.K);
                    j.WriteNumber("batch", b);
                    j.WriteNumber("clip", setup.MaxGradNorm);
                    j.WriteNumber("steps", steps);
                    j.WriteNumber("ms_per_step", Math.Round(1000 * elapsed / steps, 3));
                    j.WriteNumber("tokens_per_s", Math.Round(steps * (double)b / elapsed, 1));
                    if (uploadSteps > 0)
                    {
                        j.WriteNumber("upload_ms_per_step", Math.Round(1000 * uploadElapsed / uploadSteps, 3));
                        j.WriteNumber("upload_tokens_per_s", Math.Round(uploadSteps * (double)b / uploadElapsed, 1));
                    }
                    j.WriteStartObject("phase_ms");
                    foreach (var (phase, ms) in ilgpu.PhaseMilliseconds) j.WriteNumber(phase, Math.Round(ms / profiled, 4));
                    j.WriteEndObject();
                    j.WriteEndObject();
                });
            }
            finally
            {
                foreach (var r in resident) r.Dispose();
            }
            return ExitCodes.Ok;
        });
        return command;
    }

    /// <summary>
    /// Synthetic activations with a known sparse structure: each token is Σ c·D_m over a few of
    /// <c>4·d_in</c> random unit directions D plus a little noise, so an SAE can explain most of
    /// its variance and FVE means something (on Gaussian noise it would be near 0 for every backend).
    /// </summary>
    sealed class SparseDictionaryData
    {
        readonly float[] _directions;
        readonly int _dIn, _count;

        public SparseDictionaryData(int dIn, ulong seed)
        {
            _dIn = dIn;
            _count = 4 * dIn;
            _directions = new float[_count * dIn];
            var rng = new SplitMix64(seed);
            for (int m = 0; m < _count; m++)
            {
                double norm = 0;
                for (int i = 0; i < dIn; i++)
                {
                    float v = (float)rng.NextGaussian();
                    _directions[m * dIn + i] = v;
                    norm += v * (double)v;
                }
                float scale = (float)(1 / Math.Sqrt(norm));
                for (int i = 0; i < dIn; i++) _directions[m * dIn + i] *= scale;
            }
        }

        public float[] Batch(int rows, ulong seed)
        {
            var rng = new SplitMix64(seed);
            var x = new float[(long)rows * _dIn];
            for (int b = 0; b < rows; b++)
            {
                var row = x.AsSpan(b * _dIn, _dIn);
                for (int i = 0; i < _dIn; i++) row[i] = (float)(0.05 * rng.NextGaussian());
                for (int a = 0; a < 16; a++)
                {
                    int m = (int)(rng.NextUInt64() % (ulong)_count);
                    float c = (float)(1 + Math.Abs(rng.NextGaussian()));
                    System.Numerics.Tensors.TensorPrimitives.MultiplyAdd(_directions.AsSpan(m * _dIn, _dIn), c, row, row);
                }
            }
            return x;
        }
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
            int d = parse.GetValue(s.DIn), w = parse.GetValue(s.Width), k = parse.GetValue(s.K), b = parse.GetValue(s.Batch);
            ulong seed = (ulong)parse.GetValue(s.Seed);
            var setup = s.Setup(parse);
            setup.Validate();
            var data = new SparseDictionaryData(d, seed);
            var held = new[] { data.Batch(b, seed + 1_000_001), data.Batch(b, seed + 1_000_002) };
            // b_dec starts at the mean of the first batch, as the trainer's mean initialisation does.
            var first = data.Batch(b, seed + 1);
            var mean = new float[d];
            for (int r = 0; r < b; r++) System.Numerics.Tensors.TensorPrimitives.Add(mean, first.AsSpan(r * d, d), mean);
            System.Numerics.Tensors.TensorPrimitives.Multiply(mean, 1f / b, mean);
            var initial = SaeInitializer.Create(setup, new SplitMix64(seed), mean);
            using var trainer = SaeBackends.Create(SaeBackends.Parse(parse.GetValue(backend)!), setup, initial, s.IlgpuOf(parse));
            cli.Error.WriteLine($"backend {SaeBackends.Describe(trainer)}");
            var clock = Stopwatch.StartNew();
            double lastLoss = 0;
            for (int step = 0; step < parse.GetValue(steps); step++)
                lastLoss = trainer.Step(step == 0 ? first : data.Batch(b, seed + 1 + (ulong)step), b, new StepControls(parse.GetValue(rate), Sizes.Sparsity(setup), [])).MseLoss;
            double trainSeconds = clock.Elapsed.TotalSeconds;
            // Held-out: a step at learning rate 0 leaves the weights as they are and reports the squared error.
            double sse = 0, total = 0;
            foreach (var x in held)
            {
                sse += trainer.Step(x, b, new StepControls(0f, 0, [])).SquaredError;
                var m = new double[d];
                for (int r = 0; r < b; r++)
                    for (int i = 0; i < d; i++) m[i] += x[r * d + i];
                for (int r = 0; r < b; r++)
                    for (int i = 0; i < d; i++)
                    {
                        double c = x[r * d + i] - m[i] / b;
                        total += c * c;
                    }
            }
            cli.WriteJson(j =>
            {
                j.WriteStartObject();
                j.WriteString("check", "fve");
                j.WriteString("arch", setup.Architecture.ToString());
                j.WriteString("backend", SaeBackends.Describe(trainer));
                j.WriteNumber("d_in", d);
                j.WriteNumber("width", w);
                j.WriteNumber("k", k);
                j.WriteNumber("batch", b);
                j.WriteNumber("clip", setup.MaxGradNorm);
                j.WriteNumber("steps", parse.GetValue(steps));
                j.WriteNumber("tokens", (long)parse.GetValue(steps) * b);
                j.WriteNumber("last_train_mse", lastLoss);
                j.WriteNumber("heldout_fve", 1 - sse / total);
                j.WriteNumber("train_seconds", Math.Round(trainSeconds, 2));
                j.WriteEndObject();
            });
            return ExitCodes.Ok;
        });
        return command;
    }
}
