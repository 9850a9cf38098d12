using System.Diagnostics;
using ShoggothLens.Core.Randomness;
using ShoggothLens.Core.Work;
using ShoggothLens.Sae.Backends;
using ShoggothLens.Sae.Backends.Ilgpu;
using ShoggothLens.Sae.Training;

namespace ShoggothLens.Workbench.Diagnostics;

/// <summary>
/// Correctness and speed of the ILGPU training backend (what tools/gpu-check runs on a lent GPU machine):
/// <see cref="Compare"/> trains the ILGPU step and a reference from the same state on the same batches;
/// <see cref="Bench"/> times the ILGPU step alone; <see cref="Fve"/> measures held-out variance explained on
/// synthetic sparse data. Each reports one note naming the backend before its work starts.
/// </summary>
public static class GpuCheckWorkflow
{
    /// <summary>The stage name of this workflow's progress notes.</summary>
    public const string Stage = "gpu-check";

    /// <summary>
    /// Trains the ILGPU step and the reference (Torch sparse step, or ILGPU on the CPU accelerator) from the same state
    /// on the same batches and reports the largest relative differences of loss and weights.
    /// </summary>
    /// <exception cref="ArgumentException">A size, architecture, product or reference that cannot work (message names the flag).</exception>
    public static GpuCompareResult Compare(GpuCompareRequest request, IProgress<WorkProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        var s = request.Sizes;
        var (setup, initial, batches, b) = s.Prepare(request.Steps);
        var deadLatents = Enumerable.Range(0, Math.Min(request.Dead, setup.DSae)).Select(i => i * (setup.DSae / Math.Max(1, request.Dead))).Distinct().ToArray();
        var controls = new StepControls(1e-3f, GpuCheckSizes.Sparsity(setup), deadLatents);
        using ISaeTrainingBackend torch = request.Reference switch
        {
            "torch" => SaeBackends.Create(BackendChoice.Torch, setup, initial),
            "ilgpu-cpu" => SaeBackends.Create(BackendChoice.Ilgpu, setup, initial, new IlgpuOptions(ForceCpu: true)),
            var other => throw new ArgumentException($"--reference must be torch or ilgpu-cpu, not '{other}'"),
        };
        using var ilgpu = SaeBackends.CreateIlgpu(setup, initial, s.Ilgpu());
        progress.Tell(WorkProgress.Message(Stage, $"backend {ilgpu.Name} on {ilgpu.DeviceName}, encoder product: {ilgpu.Product}"));
        double worstLoss = 0;
        int firedMismatch = 0;
        foreach (var batch in batches)
        {
            cancellationToken.ThrowIfCancellationRequested();
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
        bool ok = worstLoss <= request.Tolerance && worstWeights <= request.Tolerance;
        return new GpuCompareResult(setup, ilgpu.DeviceName, ilgpu.Product, request.Reference, b, batches.Length,
            worstLoss, worstWeights, worstName, firedMismatch, ok);
    }

    /// <summary>
    /// Tokens/s of the ILGPU step on batches kept on the device, as the PyTorch anchor keeps them (and, with
    /// <see cref="GpuBenchRequest.Upload"/>, of steps that copy each batch from host memory), with a phase breakdown.
    /// </summary>
    /// <exception cref="ArgumentException">A size, architecture or product that cannot work (message names the flag).</exception>
    public static GpuBenchResult Bench(GpuBenchRequest request, IProgress<WorkProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        var s = request.Sizes;
        var (setup, initial, batches, b) = s.Prepare(8);
        var controls = new StepControls(2e-4f, GpuCheckSizes.Sparsity(setup), []);
        using var ilgpu = SaeBackends.CreateIlgpu(setup, initial, s.Ilgpu());
        progress.Tell(WorkProgress.Message(Stage, $"backend {ilgpu.Name} on {ilgpu.DeviceName}, encoder product: {ilgpu.Product}"));
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
                while (clock.Elapsed.TotalSeconds < request.Seconds || steps < 3)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    step(next++);
                    steps++;
                }
                return clock.Elapsed.TotalSeconds;
            }
            double elapsed = Time(i => ilgpu.StepResident(resident[i % resident.Length], b, controls), out int steps);
            double uploadElapsed = 0;
            int uploadSteps = 0;
            if (request.Upload) uploadElapsed = Time(i => ilgpu.Step(batches[i % batches.Length], b, controls), out uploadSteps);

            // Where the time goes: a few steps with every phase synchronised and timed.
            ilgpu.ProfilePhases = true;
            const int profiled = 5;
            for (int i = 0; i < profiled; i++) ilgpu.StepResident(resident[next++ % resident.Length], b, controls);
            ilgpu.ProfilePhases = false;
            var phases = ilgpu.PhaseMilliseconds.Select(p => KeyValuePair.Create(p.Key, Math.Round(p.Value / profiled, 4))).ToList();
            return new GpuBenchResult(setup, ilgpu.Name, ilgpu.DeviceName, ilgpu.Product, b, steps,
                Math.Round(1000 * elapsed / steps, 3), Math.Round(steps * (double)b / elapsed, 1),
                uploadSteps,
                uploadSteps > 0 ? Math.Round(1000 * uploadElapsed / uploadSteps, 3) : 0,
                uploadSteps > 0 ? Math.Round(uploadSteps * (double)b / uploadElapsed, 1) : 0,
                phases);
        }
        finally
        {
            foreach (var r in resident) r.Dispose();
        }
    }

    /// <summary>
    /// Trains from one seed on synthetic sparse-dictionary data (<see cref="SparseDictionaryData"/>) and measures the
    /// fraction of variance explained on two held-out batches.
    /// </summary>
    /// <exception cref="ArgumentException">An architecture, backend or product that cannot work (message names the flag).</exception>
    public static GpuFveResult Fve(GpuFveRequest request, IProgress<WorkProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        var s = request.Sizes;
        int d = s.DIn, b = s.Batch;
        ulong seed = (ulong)s.Seed;
        var setup = s.Setup();
        setup.Validate();
        var data = new SparseDictionaryData(d, seed);
        var held = new[] { data.Batch(b, seed + 1_000_001), data.Batch(b, seed + 1_000_002) };
        // b_dec starts at the mean of the first batch, as the trainer's mean initialisation does.
        var first = data.Batch(b, seed + 1);
        var mean = new float[d];
        for (int r = 0; r < b; r++) System.Numerics.Tensors.TensorPrimitives.Add(mean, first.AsSpan(r * d, d), mean);
        System.Numerics.Tensors.TensorPrimitives.Multiply(mean, 1f / b, mean);
        var initial = SaeInitializer.Create(setup, new SplitMix64(seed), mean);
        using var trainer = SaeBackends.Create(SaeBackends.Parse(request.Backend), setup, initial, s.Ilgpu());
        progress.Tell(WorkProgress.Message(Stage, $"backend {SaeBackends.Describe(trainer)}"));
        var clock = Stopwatch.StartNew();
        double lastLoss = 0;
        for (int step = 0; step < request.Steps; step++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            lastLoss = trainer.Step(step == 0 ? first : data.Batch(b, seed + 1 + (ulong)step), b, new StepControls(request.LearningRate, GpuCheckSizes.Sparsity(setup), [])).MseLoss;
        }
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
        return new GpuFveResult(setup, SaeBackends.Describe(trainer), s.K, b, request.Steps, (long)request.Steps * b,
            lastLoss, 1 - sse / total, Math.Round(trainSeconds, 2));
    }
}
