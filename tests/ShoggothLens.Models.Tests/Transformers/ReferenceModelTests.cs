using ShoggothLens.Models.Hooks;
using ShoggothLens.Models.Tests.Fixtures;
using ShoggothLens.Models.Transformers;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace ShoggothLens.Models.Tests.Transformers;

/// <summary>
/// The five reference checkpoints reproduce Hugging Face transformers' hidden states and logits
/// (float32, eager attention) to 1e-4, read through the hook points.
/// </summary>
public class ReferenceModelTests(ITestOutputHelper output)
{
    const double Tolerance = 1e-4;

    public static TheoryData<string> Architectures => new(ReferenceFixtures.ModelArchitectures);

    /// <summary>HF hidden_states index i as a hook name: 0 = resid_pre of block 0, 1..L−1 = resid_post of block i−1, L = final norm.</summary>
    static string HiddenStateHook(int i, int layers) =>
        i == 0 ? "blocks.0.hook_resid_pre" : i < layers ? $"blocks.{i - 1}.hook_resid_post" : HookPoint.FinalNormalizedName;

    [Theory]
    [MemberData(nameof(Architectures))]
    public void HiddenStatesAndLogitsMatchTransformers(string arch)
    {
        using var model = ModelLoader.Load(ReferenceFixtures.Model(arch));
        using var expected = ExpectedModelOutputs.Load(arch);
        int layers = model.Config.NLayers;
        Assert.Equal(layers + 1, expected.HiddenStates.shape[0]);

        using var hooks = new HookSet().Record(Enumerable.Range(0, layers + 1).Select(i => HiddenStateHook(i, layers)));
        using var logits = model.Forward(expected.InputIds, hooks);
        Assert.NotNull(logits);

        double worst = 0;
        for (int i = 0; i <= layers; i++)
        {
            string hook = HiddenStateHook(i, layers);
            using var reference = expected.HiddenStates[i];
            double error = TensorAssert.MaxAbsError(hooks[hook], reference);
            output.WriteLine($"{arch} {hook}: max abs error {error:E2}");
            Assert.True(error <= Tolerance, $"{arch} {hook}: max abs error {error:G3}");
            worst = Math.Max(worst, error);
        }
        double logitError = TensorAssert.MaxAbsError(logits!, expected.Logits);
        output.WriteLine($"{arch} logits: max abs error {logitError:E2} (hidden states: {worst:E2})");
        Assert.True(logitError <= Tolerance, $"{arch} logits: max abs error {logitError:G3}");
    }

    [Theory]
    [MemberData(nameof(Architectures))]
    public void FinalNormAndUnembedOfTheLastResidPostGiveTheLogits(string arch)
    {
        using var model = ModelLoader.Load(ReferenceFixtures.Model(arch));
        using var expected = ExpectedModelOutputs.Load(arch);
        string last = $"blocks.{model.Config.NLayers - 1}.hook_resid_post";
        using var hooks = new HookSet().Record(last).StopAfterLastHook();
        Assert.Null(model.Forward(expected.InputIds, hooks));
        Assert.False(hooks.Unembedded);

        using var normalized = model.ApplyFinalNorm(hooks[last]);
        using var logits = model.Unembed(normalized);
        using var finalNorm = expected.HiddenStates[model.Config.NLayers];
        TensorAssert.Close(finalNorm, normalized, Tolerance, $"{arch} final norm");
        TensorAssert.Close(expected.Logits, logits, Tolerance, $"{arch} logits");
    }

    [Theory]
    [InlineData("gpt2", ModelFamily.Gpt2, 2, 4, 4, 16, 256, 1000)]
    [InlineData("llama", ModelFamily.Llama, 2, 4, 2, 16, 160, 1000)]
    [InlineData("qwen2", ModelFamily.Qwen2, 2, 4, 2, 16, 160, 1000)]
    [InlineData("gemma2", ModelFamily.Gemma2, 2, 4, 2, 16, 160, 1000)]
    [InlineData("gpt_neox", ModelFamily.GptNeoX, 2, 4, 4, 16, 256, 1000)]
    public void ConfigAndParameterCountDescribeTheCheckpoint(string arch, ModelFamily family, int layers, int heads, int kvHeads, int headDim, int dMlp, int vocab)
    {
        using var model = ModelLoader.Load(ReferenceFixtures.Model(arch));
        var c = model.Config;
        Assert.Equal((family, layers, heads, kvHeads, headDim, dMlp, vocab, 64), (c.Family, c.NLayers, c.NHeads, c.NKvHeads, c.HeadDim, c.DMlp, c.VocabSize, c.DModel));
        // Every distinct tensor of model.safetensors is a parameter (tied heads are stored once).
        using var checkpoint = ShoggothLens.Models.Checkpoints.HfModelDirectory.Open(ReferenceFixtures.Model(arch));
        long stored = checkpoint.TensorNames.Sum(n => checkpoint.Shape(n).Aggregate(1L, (a, b) => a * b));
        Assert.Equal(stored, model.ParameterCount);
        Assert.Equal(checkpoint.TensorNames.Order(), model.NamedParameters.Select(p => p.Name).Order());
        Assert.Equal([c.VocabSize, c.DModel], model.UnembeddingMatrix.shape);
    }
}
