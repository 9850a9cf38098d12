using ShoggothLens.Models.Transformers.Weights;
using ShoggothLens.Models.Hooks;
using ShoggothLens.Models.Tests.Fixtures;
using ShoggothLens.Models.Transformers;
using static TorchSharp.torch;

namespace ShoggothLens.Models.Tests.Hooks;

public class HookSetTests
{
    public static TheoryData<string> Architectures => new(ReferenceFixtures.ModelArchitectures);

    static Tensor Ids(int batch = 2, int seq = 24, int seed = 3)
    {
        var gen = new Generator((ulong)seed);
        return randint(0, 1000, [batch, seq], dtype: ScalarType.Int64, generator: gen);
    }

    [Theory]
    [MemberData(nameof(Architectures))]
    public void ModelsListTheirHookPoints(string arch)
    {
        using var model = ReferenceModels.Load(arch);
        bool parallel = arch == "gpt_neox";
        Assert.Equal(2 * (parallel ? 4 : 5) + 1, model.HookPointNames.Count);
        Assert.Equal("blocks.0.hook_resid_pre", model.HookPointNames[0]);
        Assert.Equal("ln_final.hook_normalized", model.HookPointNames[^1]);
        Assert.Equal(!parallel, model.HookPointNames.Contains("blocks.1.hook_resid_mid"));
    }

    [Theory]
    [MemberData(nameof(Architectures))]
    public void TheResidualStreamIsTheSumOfWhatTheSublayersAdd(string arch)
    {
        using var model = ReferenceModels.Load(arch);
        using var ids = Ids();
        using var hooks = new HookSet().Record(model.HookPointNames);
        using var logits = model.Forward(ids, hooks);
        for (int layer = 0; layer < model.Config.NLayers; layer++)
        {
            var pre = hooks[$"blocks.{layer}.hook_resid_pre"];
            var attn = hooks[$"blocks.{layer}.hook_attn_out"];
            var mlp = hooks[$"blocks.{layer}.hook_mlp_out"];
            var post = hooks[$"blocks.{layer}.hook_resid_post"];
            using var sum = pre + attn + mlp;
            TensorAssert.Close(sum, post, 1e-5, $"{arch} block {layer}: pre + attn + mlp");
            if (model.Config.HasResidMid)
            {
                using var mid = pre + attn;
                TensorAssert.Close(mid, hooks[$"blocks.{layer}.hook_resid_mid"], 1e-6, $"{arch} block {layer}: pre + attn");
            }
            if (layer + 1 < model.Config.NLayers)
                TensorAssert.Close(post, hooks[$"blocks.{layer + 1}.hook_resid_pre"], 0, "resid_post feeds the next block");
        }
    }

    [Theory]
    [MemberData(nameof(Architectures))]
    public void ZeroingTheLastResidPostLeavesUnembedOfTheNormOfZero(string arch)
    {
        using var model = ReferenceModels.Load(arch);
        using var ids = Ids();
        string last = $"blocks.{model.Config.NLayers - 1}.hook_resid_post";
        using var hooks = new HookSet().Replace(last, x => zeros_like(x)).Record(last, HookPoint.FinalNormalizedName);
        using var logits = model.Forward(ids, hooks)!;

        using var zero = zeros(2, 24, model.Config.DModel);
        using var normalized = model.ApplyFinalNorm(zero);
        using var expected = model.Unembed(normalized);
        TensorAssert.Close(expected, logits, 1e-6, $"{arch} logits of a zeroed residual stream");
        TensorAssert.Close(zero, hooks[last], 0, "the recording sees the replacement");
        // Every position now has the same logits, so the prompt no longer matters.
        using var first = logits[0, 0];
        using var other = logits[1, 23];
        TensorAssert.Close(first, other, 0, "position-independent logits");
    }

    [Theory]
    [MemberData(nameof(Architectures))]
    public void ReplacementsFlowDownstreamAndIdentityChangesNothing(string arch)
    {
        using var model = ReferenceModels.Load(arch);
        using var ids = Ids();
        using var clean = model.Forward(ids)!;

        using (var identity = new HookSet().Replace("blocks.0.hook_attn_out", x => x).Replace("blocks.1.hook_resid_pre", x => x.clone()))
        using (var same = model.Forward(ids, identity)!)
            TensorAssert.Close(clean, same, 0, "identity replacements");

        // Zeroing the MLP of block 0 changes block 1's input, and with it the logits.
        using var ablate = new HookSet().Replace("blocks.0.hook_mlp_out", x => zeros_like(x)).Record("blocks.0.hook_resid_post", "blocks.0.hook_resid_pre", "blocks.0.hook_attn_out");
        using var ablated = model.Forward(ids, ablate)!;
        using var expectedPost = ablate["blocks.0.hook_resid_pre"] + ablate["blocks.0.hook_attn_out"];
        TensorAssert.Close(expectedPost, ablate["blocks.0.hook_resid_post"], 1e-6, "resid_post without the MLP");
        Assert.True(TensorAssert.MaxAbsError(ablated, clean) > 1e-3, "ablating an MLP must move the logits");
    }

    [Fact]
    public void ReplacementsApplyInOrderAndSeeTheRunningValue()
    {
        using var model = ReferenceModels.Load("llama");
        using var ids = Ids();
        using var hooks = new HookSet()
            .Replace("blocks.1.hook_resid_pre", x => x * 2)
            .Replace("blocks.1.hook_resid_pre", x => x + 1)
            .Record("blocks.0.hook_resid_post", "blocks.1.hook_resid_pre");
        using var _ = model.Forward(ids, hooks);
        using var expected = hooks["blocks.0.hook_resid_post"] * 2 + 1;
        TensorAssert.Close(expected, hooks["blocks.1.hook_resid_pre"], 1e-6, "(x·2)+1");
    }

    [Fact]
    public void AReplacementOfTheWrongShapeIsAClearError()
    {
        using var model = ReferenceModels.Load("gpt2");
        using var ids = Ids();
        using var hooks = new HookSet().Replace("blocks.0.hook_resid_post", x => x[.., ..3]);
        var error = Assert.Throws<InvalidOperationException>(() => model.Forward(ids, hooks));
        Assert.Contains("blocks.0.hook_resid_post", error.Message);
        Assert.Contains("[2, 3, 64]", error.Message);
    }

    [Fact]
    public void RecordingsAreDetachedCopiesThatOutliveThePass()
    {
        using var model = ReferenceModels.Load("qwen2");
        using var ids = Ids();
        Tensor taken;
        using (var hooks = new HookSet().Record("blocks.0.hook_resid_post", "ln_final.hook_normalized"))
        {
            using (var scope = NewDisposeScope())
            {
                model.RequiresGrad = true;
                try { model.Forward(ids, hooks); }
                finally { model.RequiresGrad = false; }
            }
            var recorded = hooks["blocks.0.hook_resid_post"];
            Assert.False(recorded.IsInvalid);
            Assert.False(recorded.requires_grad);
            Assert.Equal([2L, 24, 64], recorded.shape);
            taken = hooks.Take("ln_final.hook_normalized");
            Assert.Throws<KeyNotFoundException>(() => hooks["ln_final.hook_normalized"]);
        }
        using (taken)
        {
            Assert.False(taken.IsInvalid);
            Assert.True(float.IsFinite(taken.abs().sum().item<float>()));
        }
    }

    [Fact]
    public void UnknownOrMissingHookPointsAreArgumentErrorsListingTheValidNames()
    {
        using var model = ReferenceModels.Load("gpt2");
        using var ids = Ids();
        var bad = Assert.Throws<ArgumentException>(() => new HookSet().Record("blocks.0.hook_resdi_post"));
        Assert.Contains("blocks.{L}.hook_resid_post", bad.Message);

        using var outOfRange = new HookSet().Record("blocks.2.hook_resid_post");
        var error = Assert.Throws<ArgumentException>(() => model.Forward(ids, outOfRange));
        Assert.Contains("'blocks.2.hook_resid_post'", error.Message);
        Assert.Contains("2 layers", error.Message);
        Assert.Contains("blocks.{0..1}.hook_resid_pre", error.Message);
        Assert.Contains("ln_final.hook_normalized", error.Message);
    }

    [Fact]
    public void ResidMidOfAParallelResidualIsAClearError()
    {
        using var model = ReferenceModels.Load("gpt_neox");
        using var ids = Ids();
        using var hooks = new HookSet().Record("blocks.0.hook_resid_mid");
        var error = Assert.Throws<ArgumentException>(() => model.Forward(ids, hooks));
        Assert.Contains("parallel residual", error.Message);
        Assert.DoesNotContain("hook_resid_mid,", error.Message);
        Assert.Throws<ArgumentException>(() => model.ResolveHookPoint("blocks.0.hook_resid_mid"));
    }

    [Fact]
    public void AReachedButUnrecordedPointIsAKeyError()
    {
        using var model = ReferenceModels.Load("gpt2");
        using var ids = Ids();
        using var hooks = new HookSet().Record("blocks.0.hook_resid_pre");
        using var _ = model.Forward(ids, hooks);
        var error = Assert.Throws<KeyNotFoundException>(() => hooks["blocks.1.hook_resid_pre"]);
        Assert.Contains("not recorded", error.Message);
    }

    /// <summary>A 12-layer GPT-2 shape with random weights.</summary>
    static CausalLm TwelveLayerModel()
    {
        return ModelLoader.Create(TestConfigs.Gpt2(layers: 12), new RandomWeightSource(seed: 5));
    }

    [Fact]
    public void StoppingEarlyRunsOnlyTheBlocksItNeeds()
    {
        using var model = TwelveLayerModel();
        using var ids = Ids(seq: 16);

        using var full = new HookSet().Record("blocks.0.hook_resid_post");
        using (var logits = model.Forward(ids, full))
            Assert.NotNull(logits);
        Assert.Equal((12, true, false), (full.BlocksRun, full.Unembedded, full.Stopped));

        using var early = new HookSet().Record("blocks.0.hook_resid_post").StopAfterLastHook();
        Assert.Null(model.Forward(ids, early));
        Assert.Equal((1, false, true), (early.BlocksRun, early.Unembedded, early.Stopped));
        TensorAssert.Close(full["blocks.0.hook_resid_post"], early["blocks.0.hook_resid_post"], 0, "same activation either way");

        using var beforeAnyBlock = new HookSet().Record("blocks.0.hook_resid_pre").StopAfterLastHook();
        Assert.Null(model.Forward(ids, beforeAnyBlock));
        Assert.Equal(0, beforeAnyBlock.BlocksRun);

        // The last hook in use decides, whether recorded or replaced.
        using var mixed = new HookSet().Record("blocks.2.hook_attn_out").Replace("blocks.5.hook_mlp_out", x => x).StopAfterLastHook();
        Assert.Null(model.Forward(ids, mixed));
        Assert.Equal(6, mixed.BlocksRun);
        Assert.True(mixed.Recorded.ContainsKey("blocks.2.hook_attn_out"));

        using var final = new HookSet().Record("ln_final.hook_normalized").StopAfterLastHook();
        Assert.Null(model.Forward(ids, final));
        Assert.Equal((12, false), (final.BlocksRun, final.Unembedded));
    }
}
