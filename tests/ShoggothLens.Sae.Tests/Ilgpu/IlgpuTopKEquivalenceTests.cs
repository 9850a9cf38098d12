using ShoggothLens.Sae.Architectures;
using ShoggothLens.Sae.Backends;
using ShoggothLens.Sae.Backends.Ilgpu;
using ShoggothLens.Sae.Backends.Torch;
using ShoggothLens.Sae.Tests.Backends;
using ShoggothLens.Sae.Training;

namespace ShoggothLens.Sae.Tests.Ilgpu;

/// <summary>
/// The ILGPU TopK step, run on ILGPU's CPU accelerator (the same kernels a GPU runs, 256-thread
/// groups), must compute what the Torch sparse step computes: the same selected latents, losses,
/// gradients, and weights and optimiser state after a few steps.
/// </summary>
public class IlgpuTopKEquivalenceTests
{
    const int DIn = 16, DSae = 64, K = 4, Batch = 32, Steps = 3;

    [Theory]
    [InlineData(0, true, 0f)]
    [InlineData(20, true, 0.05f)]
    [InlineData(20, false, 0f)]
    public void Matches_the_torch_sparse_step(int deadCount, bool centerInput, float clip)
    {
        var setup = new SaeTrainingSetup(SaeArchitecture.TopK, DIn, DSae, K: K, ApplyBDecToInput: centerInput, KAux: 8, AuxCoefficient: 1f / 32, MaxGradNorm: clip);
        var rng = new SplitMix64(7);
        var bDec = Enumerable.Range(0, DIn).Select(_ => (float)(0.3 * rng.NextGaussian())).ToArray();
        var initial = SaeInitializer.Create(setup, rng, bDec);
        var bEnc = initial.Get(SaeTrainingState.BEnc).Data;
        for (int j = 0; j < DSae; j++) bEnc[j] = (float)(0.1 * rng.NextGaussian());
        var dead = Enumerable.Range(0, DSae).Where(j => j % 3 == 1).Take(deadCount).ToArray();

        using var torch = new TorchSparseTopKBackend(setup, initial) { CaptureGradients = true };
        using var ilgpu = new IlgpuTopKBackend(setup, initial, forceCpu: true) { CaptureGradients = true };
        Assert.StartsWith("CPU", ilgpu.DeviceName);
        for (int step = 0; step < Steps; step++)
        {
            var batch = Data(rng);
            var controls = new StepControls(LearningRate: 1e-3f, SparsityCoefficient: 0, DeadLatents: dead);
            var t = torch.Step(batch, Batch, controls);
            var g = ilgpu.Step(batch, Batch, controls);

            Close(t.Loss, g.Loss, 1e-4, $"step {step} loss");
            Close(t.MseLoss, g.MseLoss, 1e-4, $"step {step} mse");
            Close(t.AuxLoss, g.AuxLoss, 1e-4, $"step {step} aux");
            Close(t.GradNorm, g.GradNorm, 1e-4, $"step {step} gradient norm");
            Assert.Equal(t.ActiveLatents, g.ActiveLatents);
            Assert.Equal(t.FiredTokens, g.FiredTokens);
            if (deadCount > 0) Assert.True(g.AuxLoss > 0, "the AuxK term should be active");
            foreach (var (name, expected) in torch.CapturedGradients!)
                SparseTopKEquivalenceTests.AssertArraysClose(expected, ilgpu.CapturedGradients![name], 1e-4, $"step {step} ∂{name}");
        }

        var ts = torch.ExportState();
        var gs = ilgpu.ExportState();
        Assert.Equal(ts.AdamStep, gs.AdamStep);
        foreach (var (name, expected) in ts.Tensors)
        {
            Assert.Equal(expected.Shape, gs.Tensors[name].Shape);
            SparseTopKEquivalenceTests.AssertArraysClose(expected.Data, gs.Tensors[name].Data, 1e-4, $"{name} after {Steps} steps");
        }
    }

    [Fact]
    public void Selects_the_same_latents_as_the_cpu_top_k()
    {
        var setup = new SaeTrainingSetup(SaeArchitecture.TopK, DIn, DSae, K: K);
        var rng = new SplitMix64(3);
        var initial = SaeInitializer.Create(setup, rng, new float[DIn]);
        var wEnc = initial.Get(SaeTrainingState.WEnc).Data;
        var bEnc = initial.Get(SaeTrainingState.BEnc).Data;
        for (int j = 0; j < DSae; j++) bEnc[j] = (float)(0.1 * rng.NextGaussian());
        using var ilgpu = new IlgpuTopKBackend(setup, initial, forceCpu: true);
        var batch = Data(rng);
        ilgpu.Step(batch, Batch, new StepControls(1e-3f, 0, []));
        var (latents, values) = ilgpu.LastSelection;

        for (int b = 0; b < Batch; b++)
        {
            // Reference: pre = x·W_enc + b_enc in double, top K by value.
            var pre = new double[DSae];
            for (int j = 0; j < DSae; j++)
            {
                double s = bEnc[j];
                for (int i = 0; i < DIn; i++) s += batch[b * DIn + i] * (double)wEnc[i * DSae + j];
                pre[j] = s;
            }
            var expected = Enumerable.Range(0, DSae).OrderByDescending(j => pre[j]).Take(K).ToArray();
            var actual = latents.Skip(b * K).Take(K).ToArray();
            Assert.Equal(expected, actual);
            for (int r = 0; r < K; r++)
                Assert.True(Math.Abs(pre[actual[r]] - values[b * K + r]) <= 1e-4 * Math.Max(1, Math.Abs(pre[actual[r]])), $"row {b} value {r}");
        }
    }

    [Fact]
    public void Registered_as_the_ilgpu_backend()
    {
        Assert.Equal(BackendChoice.Ilgpu, SaeBackends.Parse("ilgpu"));
        var setup = new SaeTrainingSetup(SaeArchitecture.BatchTopK, DIn, DSae, K: K);
        Assert.Throws<ArgumentException>(() => new IlgpuTopKBackend(setup, new SaeTrainingState(), forceCpu: true));
    }

    static float[] Data(SplitMix64 rng)
    {
        var x = new float[Batch * DIn];
        for (int i = 0; i < x.Length; i++) x[i] = (float)rng.NextGaussian() + 0.5f;
        return x;
    }

    static void Close(double expected, double actual, double relative, string what) =>
        Assert.True(Math.Abs(expected - actual) <= relative * Math.Max(1, Math.Abs(expected)), $"{what}: torch {expected:G9}, ilgpu {actual:G9}");
}

/// <summary>The GPU's group-per-row top-k selects what the thread-per-row one does (kept tiny: barriers are slow on the CPU accelerator).</summary>
public class IlgpuGroupSelectionTests
{
    [Fact]
    public void Group_per_row_selection_matches_thread_per_row()
    {
        const int dIn = 8, dSae = 300, rows = 3;
        var setup = new SaeTrainingSetup(SaeArchitecture.TopK, dIn, dSae, K: 3, KAux: 4);
        var rng = new SplitMix64(5);
        var initial = SaeInitializer.Create(setup, rng, new float[dIn]);
        var x = Enumerable.Range(0, rows * dIn).Select(_ => (float)rng.NextGaussian()).ToArray();
        var dead = Enumerable.Range(0, dSae).Where(j => j % 5 == 2).ToArray();
        var controls = new StepControls(1e-3f, 0, dead);
        using var thread = new IlgpuTopKBackend(setup, initial, forceCpu: true) { GroupSelection = false };
        using var group = new IlgpuTopKBackend(setup, initial, forceCpu: true) { GroupSelection = true };
        var a = thread.Step(x, rows, controls);
        var b = group.Step(x, rows, controls);
        Assert.Equal(thread.LastSelection.Latents, group.LastSelection.Latents);
        Assert.Equal(thread.LastSelection.Values, group.LastSelection.Values);
        Assert.Equal(a.AuxLoss, b.AuxLoss);
        Assert.True(a.AuxLoss > 0);
    }
}

public class IlgpuProductTests
{
    [Fact]
    public void CuBlas_needs_a_cuda_device_and_auto_falls_back_to_the_kernel()
    {
        var setup = new SaeTrainingSetup(SaeArchitecture.TopK, 8, 32, K: 2);
        var initial = SaeInitializer.Create(setup, new SplitMix64(1), new float[8]);
        var e = Assert.Throws<ArgumentException>(() => new IlgpuTopKBackend(setup, initial, forceCpu: true, product: IlgpuProduct.CuBlasFp32));
        Assert.Contains("CUDA", e.Message);
        using var auto = new IlgpuTopKBackend(setup, initial, forceCpu: true);
        Assert.Contains("tiled GEMM", auto.Product);
    }
}
