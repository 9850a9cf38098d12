using System.Diagnostics;
using ShoggothLens.Core.Randomness;
using ShoggothLens.Core.Work;
using ShoggothLens.Sae.Architectures;
using ShoggothLens.Sae.Backends;
using ShoggothLens.Sae.Training;

namespace ShoggothLens.Workbench.Diagnostics;

/// <summary>
/// The dense-autograd step and the trainer's sparse step (TopK or BatchTopK), in one process, from the same
/// initial weights on the same batches, timed in alternating rounds so that load from other processes hits both
/// alike. Both backends come from <see cref="SaeBackends"/>, as training's do.
/// </summary>
public static class TrainStepBenchmark
{
    /// <summary>The stage name of this benchmark's progress notes.</summary>
    public const string Stage = "bench-train";

    /// <summary>Times both steps. Progress: one note per round with both rates and their ratio.</summary>
    /// <exception cref="ArgumentException">A baseline, size or architecture that cannot work (message names the flag).</exception>
    public static TrainBenchResult Run(TrainBenchRequest request, IProgress<WorkProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        if (request.Baseline != "dense") throw new ArgumentException("--baseline must be dense (the only baseline there is)");
        int d = request.DIn, w = request.Width, kk = request.K, b = request.Batch;
        int r = request.Rounds;
        if (d < 1 || w < 1 || b < 1 || r < 1) throw new ArgumentException("--d-in, --width, --batch and --rounds must be positive");
        var architecture = SaeArchitectures.Parse(request.Arch);
        if (!SaeBackends.HasSparseStep(architecture))
            throw new ArgumentException($"--arch must be topk or batchtopk: {architecture} trains with dense autograd, the baseline itself");
        var setup = new SaeTrainingSetup(architecture, d, w, kk);
        setup.Validate();
        var rng = new SplitMix64((ulong)request.Seed);
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
        double minSeconds = request.Seconds;
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
            cancellationToken.ThrowIfCancellationRequested();
            double ds = Time(dense, denseSteps), ss = Time(sparse, sparseSteps);
            denseSeconds += ds;
            sparseSeconds += ss;
            double roundDense = denseSteps * (double)b / ds, roundSparse = sparseSteps * (double)b / ss;
            ratios.Add(roundSparse / roundDense);
            progress.Tell(WorkProgress.Message(Stage, $"round {round + 1}/{r}: dense {roundDense:F0} tokens/s, sparse {roundSparse:F0} tokens/s, ×{ratios[^1]:F2}"));
        }
        double baseRate = r * denseSteps * (double)b / denseSeconds, rate = r * sparseSteps * (double)b / sparseSeconds;
        return new TrainBenchResult(architecture, d, w, kk, b, r, denseSteps, sparseSteps, dense.Name, sparse.Name,
            baseRate, rate, ratios, TorchSharp.torch.get_num_threads());
    }
}
