using ILGPU;
using ILGPU.Runtime;
using ILGPU.Runtime.CPU;
using ShoggothLens.Sae.Architectures;
using ShoggothLens.Sae.Backends;
using ShoggothLens.Sae.Backends.Ilgpu;
using ShoggothLens.Sae.Backends.Ilgpu.Kernels;
using ShoggothLens.Sae.Backends.Ilgpu.Selection;
using ShoggothLens.Sae.Training;

namespace ShoggothLens.Sae.Tests.Ilgpu;

/// <summary>
/// The GPU's selections (radix select; k argmax rounds by a group) select exactly what the
/// thread-per-row one does, ties and NaN included (kept small: barriers are slow on the CPU accelerator).
/// </summary>
public class IlgpuGroupSelectionTests
{
    static (int[] Latents, float[] Values, double AuxLoss) Run(TopKSelection selection, SaeTrainingSetup setup, SaeTrainingState initial, float[] x, int rows, int[] dead)
    {
        using var backend = new IlgpuSaeBackend(setup, initial, forceCpu: true) { Selection = selection, Probe = { CaptureSelection = true } };
        var stats = backend.Step(x, rows, new StepControls(1e-3f, 0, dead));
        return (backend.Probe.LastSelection.Latents, backend.Probe.LastSelection.Values, stats.AuxLoss);
    }

    [Theory]
    [InlineData(TopKSelection.Group)]
    [InlineData(TopKSelection.Radix)]
    public void Group_selections_match_thread_per_row(TopKSelection selection)
    {
        const int dIn = 8, dSae = 300, rows = 3;
        var setup = new SaeTrainingSetup(SaeArchitecture.TopK, dIn, dSae, K: 3, KAux: 4);
        var rng = new SplitMix64(5);
        var initial = SaeInitializer.Create(setup, rng, new float[dIn]);
        var x = Enumerable.Range(0, rows * dIn).Select(_ => (float)rng.NextGaussian()).ToArray();
        var dead = Enumerable.Range(0, dSae).Where(j => j % 5 == 2).ToArray();
        var expected = Run(TopKSelection.Thread, setup, initial, x, rows, dead);
        var actual = Run(selection, setup, initial, x, rows, dead);
        Assert.Equal(expected.Latents, actual.Latents);
        Assert.Equal(expected.Values, actual.Values);
        Assert.Equal(expected.AuxLoss, actual.AuxLoss);
        Assert.True(expected.AuxLoss > 0);
    }

    [Fact]
    public void Radix_select_keeps_the_lowest_latents_among_ties_and_finishes_rows_it_cannot_hold()
    {
        // Row 0: values on a coarse grid (hundreds of exact ties at the threshold, -0 and +0 among them);
        // row 1: every value equal, more ties than the radix buffer holds (the argmax kernel finishes it);
        // row 2: a NaN among ordinary values (also finished by the argmax kernel); row 3: random values.
        const int width = IlgpuRadixTopKKernels.Buffer + 500, rows = 4, k = 40;
        var rng = new SplitMix64(9);
        var pre = new float[rows * width];
        var bias = new float[width];
        for (int j = 0; j < width; j++)
        {
            pre[j] = (j % 7) * 0.25f - 0.75f;
            if (j % 7 == 3 && j % 2 == 0) pre[j] = -0f;
            pre[width + j] = 1.5f;
            pre[2 * width + j] = (float)rng.NextGaussian();
            pre[3 * width + j] = (float)rng.NextGaussian();
            bias[j] = j % 11 == 0 ? 0f : (float)(0.01 * rng.NextGaussian());
        }
        for (int j = 0; j < width; j++)
            if (j % 11 != 0) pre[width + j] -= bias[j]; // row 1: pre + bias lands on exact ties for most latents
        pre[2 * width + 17] = float.NaN;

        using var context = Context.Create(b => b.CPU(new CPUDevice(4, 4, 2)));
        using var accelerator = context.GetCPUDevice(0).CreateAccelerator(context);
        using var preBuffer = accelerator.Allocate1D(pre);
        using var biasBuffer = accelerator.Allocate1D(bias);
        using var all = accelerator.Allocate1D(Enumerable.Range(0, width).ToArray());
        using var overflow = accelerator.Allocate1D<int>(rows);
        using var latents = accelerator.Allocate1D<int>(rows * k);
        using var values = accelerator.Allocate1D<float>(rows * k);
        using var expectedLatents = accelerator.Allocate1D<int>(rows * k);
        using var expectedValues = accelerator.Allocate1D<float>(rows * k);
        var thread = accelerator.LoadAutoGroupedStreamKernel<Index1D, ArrayView<float>, ArrayView<float>, ArrayView<int>, int, int, int,
            ArrayView<int>, ArrayView<float>>(IlgpuArgmaxTopKKernels.RowTopK);
        var radix = accelerator.LoadStreamKernel<ArrayView<float>, ArrayView<float>, ArrayView<int>, int, int, int, int,
            ArrayView<int>, ArrayView<float>, ArrayView<int>>(IlgpuRadixTopKKernels.RadixTopK);
        var group = accelerator.LoadStreamKernel<ArrayView<float>, ArrayView<float>, ArrayView<int>, int, int, int,
            ArrayView<int>, ArrayView<float>, ArrayView<int>, int>(IlgpuArgmaxTopKKernels.RowTopKGroup);
        var config = new KernelConfig(rows, 16);
        thread(rows, preBuffer.View, biasBuffer.View, all.View, width, width, k, expectedLatents.View, expectedValues.View);
        radix(config, preBuffer.View, biasBuffer.View, all.View, 0, width, width, k, latents.View, values.View, overflow.View);
        Assert.Equal([0, 1, 1, 0], overflow.GetAsArray1D());
        group(config, preBuffer.View, biasBuffer.View, all.View, width, width, k, latents.View, values.View, overflow.View, 1);
        accelerator.Synchronize();

        Assert.Equal(expectedLatents.GetAsArray1D(), latents.GetAsArray1D());
        Assert.Equal(expectedValues.GetAsArray1D(), values.GetAsArray1D());
        // Row 0 takes the 40 lowest latents of the top grid value.
        var row0 = latents.GetAsArray1D().Take(k).ToArray();
        Assert.Equal(Enumerable.Range(0, width).Where(j => j % 7 == 6).OrderByDescending(j => pre[j] + bias[j]).ThenBy(j => j).Take(k), row0);
    }
}
