using ShoggothLens.Models.Hooks;
using ShoggothLens.Models.Tests.Fixtures;
using static TorchSharp.torch;

namespace ShoggothLens.Models.Tests.Transformers;

public class ForwardTests
{
    public static TheoryData<string> Architectures => new(ReferenceFixtures.ModelArchitectures);

    [Theory]
    [MemberData(nameof(Architectures))]
    public void LeftPaddingWithAnAttentionMaskLeavesTheRealTokensUnchanged(string arch)
    {
        using var model = ReferenceModels.Load(arch);
        using var expected = ExpectedModelOutputs.Load(arch);
        const int pad = 5;
        // Row 0 is left-padded by 5 (its last 19 tokens); row 1 is the full reference row.
        using var short0 = expected.InputIds[0, pad..];
        using var padded = cat([full(new long[] { 1, pad }, 0L, ScalarType.Int64), short0.unsqueeze(0)], 1);
        using var ids = cat([padded, expected.InputIds[1].unsqueeze(0)], 0);
        using var mask = ones(2, 24, dtype: ScalarType.Int64);
        mask[0, ..pad] = zeros(pad, dtype: ScalarType.Int64);

        using var logits = model.Forward(ids, attentionMask: mask)!;
        using var alone = model.Forward(short0.unsqueeze(0))!;
        TensorAssert.Close(alone[0], logits[0, pad..], 1e-4, $"{arch} padded row");
        TensorAssert.Close(expected.Logits[1], logits[1], 1e-4, $"{arch} unpadded row");
        Assert.False(logits.isnan().any().item<bool>());
    }

    [Fact]
    public void GradientsReachEveryParameterWhenRequested()
    {
        using var model = ReferenceModels.Load("gemma2");
        using var expected = ExpectedModelOutputs.Load("gemma2");
        model.RequiresGrad = true;
        try
        {
            using var logits = model.Forward(expected.InputIds)!;
            Assert.True(logits.requires_grad);
            using var targets = expected.InputIds[.., 1..].reshape(-1);
            using var loss = nn.functional.cross_entropy(logits[.., ..^1].reshape(-1, 1000), targets);
            loss.backward();
            foreach (var (name, p) in model.NamedParameters)
            {
                using var grad = p.grad ?? throw new Xunit.Sdk.XunitException($"{name} got no gradient");
                Assert.True(grad.abs().sum().item<float>() > 0, $"{name} has a zero gradient");
            }
        }
        finally
        {
            model.RequiresGrad = false;
        }
        using var frozen = model.Forward(expected.InputIds)!;
        Assert.False(frozen.requires_grad);
    }

    [Fact]
    public void InputsAreChecked()
    {
        using var model = ReferenceModels.Load("llama");
        using var outOfVocab = tensor(new long[] { 1, 1000 }, [1, 2]);
        Assert.Contains("1000", Assert.Throws<ArgumentOutOfRangeException>(() => model.Forward(outOfVocab)).Message);
        using var flat = tensor(new long[] { 1, 2 });
        Assert.Throws<ArgumentException>(() => model.Forward(flat));
        using var floats = ones(1, 2);
        Assert.Throws<ArgumentException>(() => model.Forward(floats));
        using var ids = tensor(new long[] { 1, 2 }, [1, 2]);
        using var badMask = ones(1, 3);
        Assert.Throws<ArgumentException>(() => model.Forward(ids, attentionMask: badMask));
        using var int32 = tensor(new int[] { 1, 2 }, [1, 2]);
        using var a = model.Forward(int32)!;
        using var b = model.Forward(ids)!;
        TensorAssert.Close(b, a, 0, "int32 ids");
    }

    [Fact]
    public void AForwardPassLeavesOnlyItsLogitsInTheCallersScope()
    {
        using var model = ReferenceModels.Load("gpt_neox");
        using var ids = tensor(Enumerable.Range(0, 24).Select(i => (long)i).ToArray(), [1, 24]);
        using var hooks = new HookSet().Record("blocks.1.hook_resid_pre");
        using var scope = NewDisposeScope();
        var logits = model.Forward(ids, hooks)!;
        Assert.Equal(1, scope.DisposablesCount);
    }

    [Theory]
    [MemberData(nameof(Architectures))]
    public void ForwardPassesAndGenerationLeaveNoLiveTensorsBehind(string arch)
    {
        using var model = ReferenceModels.Load(arch);
        using var ids = tensor(Enumerable.Range(0, 24).Select(i => (long)(i * 7)).ToArray(), [2, 12]);
        using var mask = ones(2, 12, dtype: ScalarType.Int64);
        void Work()
        {
            using (var hooks = new HookSet().Record(model.HookPointNames).Replace("blocks.0.hook_mlp_out", x => x * 0.5))
            using (var logits = model.Forward(ids, hooks, mask)) { }
            using (var early = new HookSet().Record("blocks.0.hook_attn_out").StopAfterLastHook())
                model.Forward(ids, early);
            model.Generate([1, 2, 3], 10, temperature: 0.7, seed: 1, stopTokenIds: []);
        }
        Work();
        long before = TorchSharp.DisposeScopeManager.Statistics.ThreadTotalLiveCount;
        Work();
        Assert.Equal(before, TorchSharp.DisposeScopeManager.Statistics.ThreadTotalLiveCount);
    }
}
