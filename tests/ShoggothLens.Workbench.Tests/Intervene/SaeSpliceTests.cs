using ShoggothLens.Models.Hooks;
using ShoggothLens.Models.Transformers;
using ShoggothLens.Organism;
using ShoggothLens.Sae.Architectures;
using ShoggothLens.Workbench.Intervene;
using TorchSharp;
using static TorchSharp.torch;

namespace ShoggothLens.Workbench.Tests.Intervene;

/// <summary>The SAE splice on the shipped organism with a random ReLU SAE at blocks.1.hook_resid_post, checked against hand computations.</summary>
public sealed class SaeSpliceTests : IDisposable
{
    const string Hook = RandomSae.Hook;
    readonly CausalLm _model = ModelLoader.Load(ShippedOrganism.Directory("assistant"));
    readonly SaeParameters _parameters;
    readonly SparseAutoencoder _sae;
    readonly Tensor _ids;

    public SaeSpliceTests()
    {
        var (config, parameters) = RandomSae.Create();
        _parameters = parameters;
        _sae = new SparseAutoencoder(config, parameters);
        var random = new Random(7);
        _ids = tensor(Enumerable.Range(0, 40).Select(_ => (long)random.Next(0, 2000)).ToArray(), [1, 40], ScalarType.Int64);
    }

    public void Dispose()
    {
        _ids.Dispose();
        _sae.Dispose();
        _model.Dispose();
    }

    float[] Logits(HookSet? hooks)
    {
        using var logits = _model.Forward(_ids, hooks)!;
        return logits.data<float>().ToArray();
    }

    float[] Spliced(SpliceEdit edit)
    {
        using var splice = new SaeSplice(_sae, Hook, edit);
        using var hooks = splice.Hooks();
        return Logits(hooks);
    }

    /// <summary>The clean activation at the hook, [40, d]: upstream of the hook nothing changes, so it is what the splice sees.</summary>
    float[] CleanActivation()
    {
        using var hooks = new HookSet().Record(Hook);
        Logits(hooks);
        return hooks[Hook].data<float>().ToArray();
    }

    /// <summary>relu((x − b_dec)·W_enc + b_enc) for one position, by hand from the weights.</summary>
    float[] Acts(float[] x, int position)
    {
        int d = RandomSae.DModel, n = RandomSae.DSae;
        var acts = new float[n];
        for (int f = 0; f < n; f++)
        {
            double pre = _parameters.BEnc[f];
            for (int i = 0; i < d; i++) pre += (x[position * d + i] - _parameters.BDec[i]) * _parameters.WEnc[i * n + f];
            acts[f] = (float)Math.Max(0, pre);
        }
        return acts;
    }

    static double MaxDiff(float[] a, float[] b) => a.Zip(b, (x, y) => Math.Abs((double)x - y)).Max();

    [Fact]
    public void Ablating_a_feature_that_never_fires_changes_nothing()
    {
        var x = CleanActivation();
        for (int t = 0; t < 40; t++) Assert.Equal(0f, Acts(x, t)[RandomSae.Dead]);
        Assert.Equal(Spliced(SpliceEdit.None), Spliced(SpliceEdit.Ablation(RandomSae.Dead)));
    }

    [Fact]
    public void The_splice_without_an_edit_is_the_clean_model_and_without_its_error_term_the_reconstruction_substituted_by_hand()
    {
        var clean = Logits(null);
        Assert.True(MaxDiff(clean, Spliced(SpliceEdit.None)) < 1e-4, "recon + (x − recon) = x");

        // The reconstruction computed by hand from the weights, substituted at the hook.
        var x = CleanActivation();
        int d = RandomSae.DModel, n = RandomSae.DSae;
        var recon = new float[x.Length];
        for (int t = 0; t < 40; t++)
        {
            var acts = Acts(x, t);
            for (int i = 0; i < d; i++)
            {
                double v = _parameters.BDec[i];
                for (int f = 0; f < n; f++) v += acts[f] * _parameters.WDec[f * d + i];
                recon[t * d + i] = (float)v;
            }
        }
        using var substituted = tensor(recon, [1, 40, d]);
        using var byHand = new HookSet().Replace(Hook, _ => substituted.alias());
        var expected = Logits(byHand);
        var reconstructionOnly = Spliced(SpliceEdit.ReconstructionOnly);
        Assert.True(MaxDiff(expected, reconstructionOnly) < 1e-3, $"max |Δlogit| {MaxDiff(expected, reconstructionOnly):E2}");
        // A random SAE reconstructs badly, so dropping the error term must show.
        Assert.True(MaxDiff(clean, reconstructionOnly) > 0.1);
    }

    [Fact]
    public void Steering_with_alpha_zero_is_a_no_op_and_otherwise_adds_alpha_times_the_decoder_row()
    {
        Assert.Equal(Spliced(SpliceEdit.None), Spliced(SpliceEdit.Steering(5, 0)));

        var x = CleanActivation();
        using var splice = new SaeSplice(_sae, Hook, SpliceEdit.Steering(5, 3.0));
        using var hooks = splice.Hooks().Record(Hook);
        var steered = Logits(hooks);
        var seen = hooks[Hook].data<float>().ToArray();
        int d = RandomSae.DModel;
        for (int t = 0; t < 40; t++)
            for (int i = 0; i < d; i++)
                Assert.True(Math.Abs(seen[t * d + i] - x[t * d + i] - 3.0 * _parameters.WDec[5 * d + i]) < 1e-4);
        Assert.True(MaxDiff(steered, Logits(null)) > 1e-2);
    }

    [Fact]
    public void Ablating_a_feature_that_fires_removes_its_contribution_and_changes_the_logits()
    {
        var x = CleanActivation();
        int d = RandomSae.DModel, v = _model.Config.VocabSize;
        // The strongest feature at position 10.
        var acts10 = Acts(x, 10);
        int feature = Array.IndexOf(acts10, acts10.Max());
        Assert.True(acts10[feature] > 0);

        using var splice = new SaeSplice(_sae, Hook, SpliceEdit.Ablation(feature));
        using var hooks = splice.Hooks().Record(Hook);
        var ablated = Logits(hooks);
        var seen = hooks[Hook].data<float>().ToArray();
        for (int t = 0; t < 40; t++)
        {
            float a = Acts(x, t)[feature];
            for (int i = 0; i < d; i++)
                Assert.True(Math.Abs(seen[t * d + i] - (x[t * d + i] - a * _parameters.WDec[feature * d + i])) < 1e-3, $"position {t}, dim {i}");
        }
        var plain = Spliced(SpliceEdit.None);
        Assert.True(MaxDiff(plain.AsSpan(10 * v, v).ToArray(), ablated.AsSpan(10 * v, v).ToArray()) > 1e-3);
    }

    [Fact]
    public void Features_outside_the_SAE_are_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new SaeSplice(_sae, Hook, SpliceEdit.Ablation(RandomSae.DSae)));
        Assert.Throws<ArgumentOutOfRangeException>(() => new SaeSplice(_sae, Hook, SpliceEdit.Steering(-1, 1)));
    }
}
