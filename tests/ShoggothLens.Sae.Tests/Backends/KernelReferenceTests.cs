using ShoggothLens.Sae.Backends;
using ShoggothLens.Sae.Backends.Torch.Sparse;
using ShoggothLens.Sae.Backends.Torch;
using ShoggothLens.Sae.Training;
using static TorchSharp.torch;

namespace ShoggothLens.Sae.Tests.Backends;

/// <summary>The pieces of the trainer against PyTorch's own definitions.</summary>
public class KernelReferenceTests
{
    [Fact]
    public void Hand_written_adam_matches_torch_optim_adam()
    {
        manual_seed(1);
        using var start = randn(5, 7);
        using var ours = start.clone().requires_grad_(true);
        using var theirs = new TorchSharp.Modules.Parameter(start.clone());
        using var adam = new TorchAdam(new AdamSettings());
        adam.Add(ours, zeros(5, 7), zeros(5, 7));
        using var reference = optim.Adam([theirs], lr: 0.01, beta1: 0.9, beta2: 0.999, eps: 1e-8);
        for (int step = 0; step < 20; step++)
        {
            foreach (var p in new Tensor[] { ours, theirs })
            {
                using var loss = (p * p * p).sum() + (p * (step + 1)).sum();
                loss.backward();
            }
            adam.Update(0.01f, 1f);
            reference.step();
            using (no_grad())
            {
                ours.grad!.zero_();
                theirs.grad!.zero_();
            }
        }
        using var error = (ours - theirs).abs().max();
        Assert.True(error.item<float>() < 1e-6, $"max difference {error.item<float>()}");
        using var moved = (ours - start).abs().max();
        Assert.True(moved.item<float>() > 0.05);
    }

    [Fact]
    public void Jumprelu_threshold_gradient_is_the_rectangle_kernel_estimate()
    {
        const float bandwidth = 0.5f;
        using var pre = tensor(new float[] { 0.1f, 0.9f, 1.1f, 1.3f, 2.0f, 0.95f }, [3, 2]).requires_grad_(true);
        using var logThreshold = tensor(new float[] { MathF.Log(1f), MathF.Log(1f) }).requires_grad_(true);
        using var threshold = logThreshold.exp();
        using var acts = JumpReluSte.JumpReLU(pre, threshold, bandwidth);
        using var l0 = JumpReluSte.Step(pre, threshold, bandwidth);
        Assert.Equal(new float[] { 0, 0, 1.1f, 1.3f, 2.0f, 0 }, acts.detach().data<float>().ToArray());
        Assert.Equal(new float[] { 0, 0, 1, 1, 1, 0 }, l0.detach().data<float>().ToArray());
        using var loss = acts.sum() + l0.sum();
        loss.backward();
        // ∂/∂pre = H(pre − θ) (no STE on the input).
        Assert.Equal(new float[] { 0, 0, 1, 1, 1, 0 }, pre.grad!.data<float>().ToArray());
        // ∂/∂θ_j = Σ_b −(θ/ε + 1/ε)·1[|pre − θ| < ε/2]; θ = 1, ε = 0.5; times dθ/dlogθ = θ = 1.
        // Column 0: pre 0.1, 1.1, 2.0 → only 1.1 is within 0.25; column 1: 0.9, 1.3, 0.95 → 0.9 and 0.95.
        var expected = new[] { -(2f + 2f) * 1, -(2f + 2f) * 2 };
        var actual = logThreshold.grad!.data<float>().ToArray();
        Assert.Equal(expected[0], actual[0], 5);
        Assert.Equal(expected[1], actual[1], 5);
    }

    [Fact]
    public unsafe void Batch_topk_selection_equals_torch_topk_over_the_flattened_batch()
    {
        manual_seed(4);
        const int rows = 37, width = 53;
        using var pre = randn(rows, width);
        using var bias = randn(width) * 0.3f;
        var codes = new SparseCodes();
        foreach (int count in new[] { 1, 40, 37 * 4, 600, 5000 })
        {
            BatchTopKSelection.Select(TensorMemory.Floats(pre), TensorMemory.Floats(bias), rows, width, count, codes);
            using var flat = (pre + bias).relu().flatten();
            int positives = (int)flat.gt(0).sum().item<long>();
            var (values, indices) = flat.topk(Math.Min(count, positives));
            var expected = indices.data<long>().ToArray().Order().ToArray();
            var actual = new List<long>();
            for (int b = 0; b < rows; b++)
                for (int i = codes.RowStart[b]; i < codes.RowStart[b + 1]; i++)
                {
                    actual.Add((long)b * width + codes.Latents[i]);
                    Assert.Equal(pre[b, codes.Latents[i]].item<float>() + bias[codes.Latents[i]].item<float>(), codes.Values[i]);
                }
            Assert.Equal(expected, actual.Order().ToArray());
            values.Dispose();
            indices.Dispose();
        }
    }

    [Theory]
    [InlineData(77, 9)]     // narrow rows: the plain scan
    [InlineData(500, 9)]    // wide rows: block-maximum floor, then the scan of what passes it
    [InlineData(2048, 16)]
    public unsafe void Row_topk_equals_torch_topk_per_row(int width, int k)
    {
        manual_seed(5);
        const int rows = 19;
        using var pre = randn(rows, width);
        using var bias = randn(width);
        var latents = new int[rows * k];
        var values = new float[rows * k];
        fixed (int* l = latents)
        fixed (float* v = values)
            RowTopK.Select(TensorMemory.Floats(pre), TensorMemory.Floats(bias), rows, width, k, l, v);
        using var full = pre + bias;
        var (_, expected) = full.topk(k);
        for (int b = 0; b < rows; b++)
            Assert.Equal(expected[b].data<long>().ToArray().Order(), latents.Skip(b * k).Take(k).Select(j => (long)j).Order());
    }
}
