using ShoggothLens.Sae.Architectures;
using ShoggothLens.Sae.Backends;
using ShoggothLens.Sae.Backends.Torch;
using ShoggothLens.Sae.Training;

namespace ShoggothLens.Sae.Tests.Backends;

/// <summary>
/// The sparse TopK/BatchTopK step must compute the same function as the dense-autograd step:
/// same losses, same gradients, same weights and optimiser state after several steps.
/// </summary>
public class SparseTopKEquivalenceTests
{
    const int DIn = 32, DSae = 96, Batch = 48;

    public static TheoryData<SaeArchitecture, int, bool, float> Cases => new()
    {
        // architecture, dead latents, apply_b_dec_to_input, gradient clip
        { SaeArchitecture.TopK, 0, true, 0f },
        { SaeArchitecture.TopK, 0, false, 0f },
        { SaeArchitecture.TopK, 40, true, 0f },
        { SaeArchitecture.TopK, 7, true, 0.05f },
        { SaeArchitecture.BatchTopK, 0, true, 0f },
        { SaeArchitecture.BatchTopK, 40, true, 0.05f },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Same_losses_gradients_and_weights_as_dense_autograd(SaeArchitecture architecture, int deadCount, bool centerInput, float clip)
    {
        var setup = new SaeTrainingSetup(architecture, DIn, DSae, K: 6, ApplyBDecToInput: centerInput, KAux: 12, AuxCoefficient: 1f / 32, MaxGradNorm: clip);
        var rng = new SplitMix64(11);
        var bDec = Enumerable.Range(0, DIn).Select(_ => (float)(0.3 * rng.NextGaussian())).ToArray();
        var initial = SaeInitializer.Create(setup, rng, bDec);
        // A nonzero b_enc so the bias path of the selection is exercised.
        var bEnc = initial.Get(SaeTrainingState.BEnc).Data;
        for (int j = 0; j < DSae; j++) bEnc[j] = (float)(0.1 * rng.NextGaussian());
        var dead = Enumerable.Range(0, DSae).Where(j => j % 3 == 1).Take(deadCount).ToArray();

        using var dense = new TorchDenseBackend(setup, initial) { CaptureGradients = true };
        using var sparse = new TorchSparseTopKBackend(setup, initial) { CaptureGradients = true };
        for (int step = 0; step < 5; step++)
        {
            var batch = Data(rng);
            var controls = new StepControls(LearningRate: 1e-3f, SparsityCoefficient: 0, DeadLatents: dead);
            var d = dense.Step(batch, Batch, controls);
            var s = sparse.Step(batch, Batch, controls);

            Close(d.Loss, s.Loss, 1e-5, $"step {step} loss");
            Close(d.MseLoss, s.MseLoss, 1e-5, $"step {step} mse");
            Close(d.AuxLoss, s.AuxLoss, 1e-5, $"step {step} aux");
            Close(d.GradNorm, s.GradNorm, 1e-4, $"step {step} gradient norm");
            Assert.Equal(d.ActiveLatents, s.ActiveLatents);
            Assert.Equal(d.FiredTokens, s.FiredTokens);
            if (deadCount > 0) Assert.True(d.AuxLoss > 0, "the AuxK term should be active");
            else Assert.Equal(0, s.AuxLoss);
            foreach (var (name, expected) in dense.CapturedGradients!)
                AssertArraysClose(expected, sparse.CapturedGradients![name], 1e-5, $"step {step} ∂{name}");
        }

        var ds = dense.ExportState();
        var ss = sparse.ExportState();
        Assert.Equal(ds.AdamStep, ss.AdamStep);
        Close(ds.BatchTopKThreshold, ss.BatchTopKThreshold, 1e-5, "batch threshold");
        if (architecture == SaeArchitecture.BatchTopK) Assert.True(ss.BatchTopKThreshold > 0);
        foreach (var (name, expected) in ds.Tensors)
        {
            Assert.Equal(expected.Shape, ss.Tensors[name].Shape);
            AssertArraysClose(expected.Data, ss.Tensors[name].Data, name.StartsWith("adam.v") ? 1e-4 : 1e-4, $"{name} after 5 steps");
        }
    }

    float[] Data(SplitMix64 rng)
    {
        var x = new float[Batch * DIn];
        for (int i = 0; i < x.Length; i++) x[i] = (float)rng.NextGaussian() + 0.5f;
        return x;
    }

    static void Close(double expected, double actual, double relative, string what) =>
        Assert.True(Math.Abs(expected - actual) <= relative * Math.Max(1, Math.Abs(expected)), $"{what}: dense {expected:G9}, sparse {actual:G9}");

    /// <summary>max |a − e| ≤ tol · max(1e-3, max |e|): relative to the array's scale.</summary>
    internal static void AssertArraysClose(float[] expected, float[] actual, double tolerance, string what)
    {
        Assert.Equal(expected.Length, actual.Length);
        double scale = Math.Max(1e-3, expected.Max(v => Math.Abs((double)v)));
        double worst = 0;
        int at = -1;
        for (int i = 0; i < expected.Length; i++)
        {
            double e = Math.Abs(expected[i] - (double)actual[i]);
            if (e > worst) { worst = e; at = i; }
        }
        Assert.True(worst <= tolerance * scale, $"{what}: max error {worst:G3} at {at} (expected {(at >= 0 ? expected[at] : 0)}, got {(at >= 0 ? actual[at] : 0)}), scale {scale:G3}");
    }
}
