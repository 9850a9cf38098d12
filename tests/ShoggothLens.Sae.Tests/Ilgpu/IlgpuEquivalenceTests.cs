using ShoggothLens.Sae.Architectures;
using ShoggothLens.Sae.Backends;
using ShoggothLens.Sae.Backends.Ilgpu;
using ShoggothLens.Sae.Backends.Ilgpu.Selection;
using ShoggothLens.Sae.Backends.Torch;
using ShoggothLens.Sae.Tests.Backends;
using ShoggothLens.Sae.Training;

namespace ShoggothLens.Sae.Tests.Ilgpu;

/// <summary>
/// The ILGPU TopK step, run on ILGPU's CPU accelerator (the same kernels a GPU runs, 256-thread
/// groups), must compute what the Torch sparse step computes: the same selected latents, losses,
/// gradients, and weights and optimiser state after a few steps.
/// </summary>
public class IlgpuEquivalenceTests
{
    const int DIn = 16, DSae = 64, K = 4, Batch = 32, Steps = 3;

    [Theory]
    [InlineData(0, true, 0f, false, 16, true)]
    [InlineData(20, true, 0.05f, false, 16, true)]
    [InlineData(20, false, 0f, false, 16, true)]
    [InlineData(20, true, 0.05f, true, 16, true)]
    [InlineData(20, true, 0.05f, true, 256, true)]
    // Without clipping and without captured gradients the step takes the fused gradient+Adam path.
    [InlineData(0, true, 0f, true, 16, false)]
    [InlineData(20, true, 0f, true, 16, false)]
    [InlineData(20, false, 0f, true, 256, false)]
    public void Matches_the_torch_sparse_step(int deadCount, bool centerInput, float clip, bool radixSelection, int groupSize, bool captureGradients) =>
        RunAgainstTorch(SaeArchitecture.TopK, deadCount, centerInput, clip, radixSelection, groupSize, captureGradients);

    /// <summary>BatchTopK: the batch-wide radix select, ragged rows through decode and gradients, and the inference threshold.</summary>
    [Theory]
    [InlineData(0, true, 0.05f, 16, true)]
    [InlineData(20, true, 0f, 16, true)]
    [InlineData(20, false, 0f, 16, false)]
    [InlineData(20, true, 0.05f, 256, true)]
    public void BatchTopK_matches_the_torch_sparse_step(int deadCount, bool centerInput, float clip, int groupSize, bool captureGradients) =>
        RunAgainstTorch(SaeArchitecture.BatchTopK, deadCount, centerInput, clip, false, groupSize, captureGradients);

    /// <summary>BatchTopK with so negative an encoder bias that fewer than k·B values are positive: all of them are kept.</summary>
    [Fact]
    public void BatchTopK_keeps_every_positive_value_when_there_are_few() =>
        RunAgainstTorch(SaeArchitecture.BatchTopK, 0, true, 0f, false, 16, true, biasShift: -3f);

    /// <summary>ReLU-L1 (SAELens "standard") against the dense autograd step: every positive latent, the decoder-norm-weighted L1, no unit-norm decoder.</summary>
    [Theory]
    [InlineData(true, 0.05f, 16, true)]
    [InlineData(false, 0f, 16, true)]
    [InlineData(true, 0f, 16, false)]
    [InlineData(true, 0.05f, 256, true)]
    public void Relu_l1_matches_the_torch_dense_step(bool centerInput, float clip, int groupSize, bool captureGradients) =>
        RunAgainstTorch(SaeArchitecture.Standard, 0, centerInput, clip, false, groupSize, captureGradients, sparsity: 0.5f);

    /// <summary>
    /// JumpReLU against the dense autograd step with SAELens's straight-through estimators: per-latent
    /// thresholds, the L0 penalty, and log θ trained by Adam. A wide bandwidth puts many
    /// pre-activations inside the threshold's kernel, so its gradient is exercised.
    /// </summary>
    [Theory]
    [InlineData(true, 0.05f, 16, true, 0.5f)]
    [InlineData(false, 0f, 16, true, 0.2f)]
    [InlineData(true, 0f, 16, false, 0.5f)]
    [InlineData(true, 0.05f, 256, true, 0.5f)]
    public void JumpRelu_matches_the_torch_dense_step(bool centerInput, float clip, int groupSize, bool captureGradients, float bandwidth) =>
        RunAgainstTorch(SaeArchitecture.JumpReLU, 0, centerInput, clip, false, groupSize, captureGradients, sparsity: 0.3f, bandwidth: bandwidth);

    static void RunAgainstTorch(SaeArchitecture architecture, int deadCount, bool centerInput, float clip, bool radixSelection, int groupSize, bool captureGradients,
        float biasShift = 0f, float sparsity = 0f, float bandwidth = 0.001f)
    {
        bool dense = architecture is SaeArchitecture.Standard or SaeArchitecture.JumpReLU;
        var setup = dense
            ? new SaeTrainingSetup(architecture, DIn, DSae, ApplyBDecToInput: centerInput, MaxGradNorm: clip, JumpReluBandwidth: bandwidth)
            : new SaeTrainingSetup(architecture, DIn, DSae, K: K, ApplyBDecToInput: centerInput, KAux: 8, AuxCoefficient: 1f / 32, MaxGradNorm: clip);
        var rng = new SplitMix64(7);
        var bDec = Enumerable.Range(0, DIn).Select(_ => (float)(0.3 * rng.NextGaussian())).ToArray();
        var initial = SaeInitializer.Create(setup, rng, bDec);
        var bEnc = initial.Get(SaeTrainingState.BEnc).Data;
        for (int j = 0; j < DSae; j++) bEnc[j] = (float)(0.1 * rng.NextGaussian()) + biasShift;
        var dead = Enumerable.Range(0, DSae).Where(j => j % 3 == 1).Take(deadCount).ToArray();

        using var torchSparse = dense ? null : new TorchSparseTopKBackend(setup, initial) { CaptureGradients = true };
        using var torchDense = dense ? new TorchDenseBackend(setup, initial) { CaptureGradients = true } : null;
        ISaeTrainingBackend torch = (ISaeTrainingBackend?)torchSparse ?? torchDense!;
        Dictionary<string, float[]> TorchGradients() => torchSparse?.CapturedGradients ?? torchDense!.CapturedGradients!;
        using var ilgpu = new IlgpuSaeBackend(setup, initial, forceCpu: true, cpuGroupSize: groupSize) { Probe = { CaptureGradients = captureGradients } };
        if (radixSelection) ilgpu.Selection = TopKSelection.Radix;
        Assert.StartsWith("CPU", ilgpu.DeviceName);
        for (int step = 0; step < Steps; step++)
        {
            var batch = Data(rng);
            var controls = new StepControls(LearningRate: 1e-3f, SparsityCoefficient: sparsity, DeadLatents: dead);
            var t = torch.Step(batch, Batch, controls);
            var g = ilgpu.Step(batch, Batch, controls);

            Close(t.Loss, g.Loss, 1e-4, $"step {step} loss");
            Close(t.MseLoss, g.MseLoss, 1e-4, $"step {step} mse");
            Close(t.AuxLoss, g.AuxLoss, 1e-4, $"step {step} aux");
            Close(t.GradNorm, g.GradNorm, 1e-4, $"step {step} gradient norm");
            Assert.Equal(t.ActiveLatents, g.ActiveLatents);
            if (biasShift < 0) Assert.InRange(g.ActiveLatents, 1, Batch * K - 1); // the take-all path, not the radix cut
            Assert.Equal(t.FiredTokens, g.FiredTokens);
            if (deadCount > 0) Assert.True(g.AuxLoss > 0, "the AuxK term should be active");
            if (!captureGradients) continue;
            Close(t.SparsityLoss, g.SparsityLoss, 1e-4, $"step {step} sparsity");
            if (sparsity > 0) Assert.True(g.SparsityLoss > 0, "the L1 term should be active");
            if (architecture == SaeArchitecture.JumpReLU)
                Assert.Contains(ilgpu.Probe.CapturedGradients![SaeTrainingState.LogThreshold], v => v != 0); // the threshold's kernel is exercised
            foreach (var (name, expected) in TorchGradients())
                SparseTopKEquivalenceTests.AssertArraysClose(expected, ilgpu.Probe.CapturedGradients![name], 1e-4, $"step {step} ∂{name}");
        }

        var ts = torch.ExportState();
        var gs = ilgpu.ExportState();
        Assert.Equal(ts.AdamStep, gs.AdamStep);
        Close(ts.BatchTopKThreshold, gs.BatchTopKThreshold, 1e-5, "BatchTopK threshold");
        if (architecture == SaeArchitecture.BatchTopK) Assert.True(gs.BatchTopKThreshold > 0, "the threshold should have moved");
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
        using var ilgpu = new IlgpuSaeBackend(setup, initial, forceCpu: true) { Probe = { CaptureSelection = true } };
        var batch = Data(rng);
        ilgpu.Step(batch, Batch, new StepControls(1e-3f, 0, []));
        var (latents, values) = ilgpu.Probe.LastSelection;

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
        var setup = new SaeTrainingSetup(SaeArchitecture.JumpReLU, DIn, DSae, K: K);
        Assert.Throws<ArgumentException>(() => new IlgpuSaeBackend(setup, new SaeTrainingState(), forceCpu: true));
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
