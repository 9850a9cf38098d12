using ShoggothLens.Models.Hooks;
using ShoggothLens.Models.Transformers.Ops;
using ShoggothLens.Models.Transformers.Weights;
using static TorchSharp.torch;

namespace ShoggothLens.Models.Transformers.Families;

/// <summary>
/// GPT-2: token + learned position embeddings, pre-LayerNorm blocks, Conv1D weights stored
/// [in, out], tanh-GELU MLP, unembedding tied to <c>wte</c> unless <c>lm_head.weight</c> is given.
/// </summary>
public sealed class Gpt2Model : CausalLm
{
    sealed record Layer(Tensor Ln1W, Tensor Ln1B, Tensor QkvW, Tensor QkvB, Tensor ProjW, Tensor ProjB,
        Tensor Ln2W, Tensor Ln2B, Tensor FcW, Tensor FcB, Tensor OutW, Tensor OutB);

    readonly Tensor _wte, _wpe, _lnfW, _lnfB, _head;
    readonly Layer[] _layers;

    internal Gpt2Model(TransformerConfig config, ModelWeights weights) : base(config, weights)
    {
        // Checkpoints saved from GPT2Model (not GPT2LMHeadModel) have no "transformer." prefix.
        string p = !weights.Contains("transformer.wte.weight") && weights.Contains("wte.weight") ? "" : "transformer.";
        long d = config.DModel, v = config.VocabSize, m = config.DMlp;
        _wte = weights.Get($"{p}wte.weight", v, d);
        _wpe = weights.Get($"{p}wpe.weight", config.MaxPositions, d);
        _layers = new Layer[config.NLayers];
        for (int i = 0; i < config.NLayers; i++)
        {
            string h = $"{p}h.{i}.";
            _layers[i] = new Layer(
                weights.Get(h + "ln_1.weight", d), weights.Get(h + "ln_1.bias", d),
                weights.Get(h + "attn.c_attn.weight", d, 3 * d), weights.Get(h + "attn.c_attn.bias", 3 * d),
                weights.Get(h + "attn.c_proj.weight", d, d), weights.Get(h + "attn.c_proj.bias", d),
                weights.Get(h + "ln_2.weight", d), weights.Get(h + "ln_2.bias", d),
                weights.Get(h + "mlp.c_fc.weight", d, m), weights.Get(h + "mlp.c_fc.bias", m),
                weights.Get(h + "mlp.c_proj.weight", m, d), weights.Get(h + "mlp.c_proj.bias", d));
        }
        _lnfW = weights.Get($"{p}ln_f.weight", d);
        _lnfB = weights.Get($"{p}ln_f.bias", d);
        _head = config.TiedEmbeddings || !weights.Contains("lm_head.weight") ? _wte : weights.Get("lm_head.weight", v, d);
    }

    public override Tensor UnembeddingMatrix => _head;
    public override Tensor EmbeddingMatrix => _wte;

    private protected override Tensor Embed(Tensor ids, ForwardContext context)
    {
        long d = Config.DModel;
        var tokens = _wte.index_select(0, ids.flatten()).view(context.Batch, context.Seq, d);
        var positions = _wpe.index_select(0, context.Positions.flatten()).view(context.Batch, context.Seq, d);
        return tokens.Plus(positions);
    }

    private protected override Tensor Block(int layer, Tensor resid, ForwardContext context, HookRun hooks)
    {
        var w = _layers[layer];
        var attnOut = hooks.Apply(HookPoint.AttnOut(layer), Attend(layer, w, Norms.LayerNorm(resid, w.Ln1W, w.Ln1B, Config.NormEps), context));
        if (hooks.Stopped) return resid;
        var mid = hooks.Apply(HookPoint.ResidMid(layer), resid.Plus(attnOut));
        if (hooks.Stopped) return mid;
        var hidden = Activations.Apply(Config.Activation, Conv1D(Norms.LayerNorm(mid, w.Ln2W, w.Ln2B, Config.NormEps), w.FcW, w.FcB));
        var mlpOut = hooks.Apply(HookPoint.MlpOut(layer), Conv1D(hidden, w.OutW, w.OutB));
        if (hooks.Stopped) return mid;
        return mid.Plus(mlpOut);
    }

    Tensor Attend(int layer, Layer w, Tensor x, ForwardContext context)
    {
        long d = Config.DModel, heads = Config.NHeads, hd = Config.HeadDim;
        var qkv = Conv1D(x, w.QkvW, w.QkvB).split(d, -1);
        var q = Attention.SplitHeads(qkv[0], heads, hd);
        var k = Attention.SplitHeads(qkv[1], heads, hd);
        var v = Attention.SplitHeads(qkv[2], heads, hd);
        (k, v) = context.KeysAndValues(layer, k, v);
        double scale = Config.AttentionScale / (Config.ScaleAttentionByInverseLayer ? layer + 1 : 1);
        var z = Attention.Compute(q, k, v, context.MaskFor(null), scale, softcap: null);
        return Conv1D(z, w.ProjW, w.ProjB);
    }

    /// <summary>HF Conv1D: x·W + b with W stored [in, out].</summary>
    static Tensor Conv1D(Tensor x, Tensor weight, Tensor bias) => x.matmul(weight).Plus(bias);

    private protected override Tensor FinalNorm(Tensor resid) => Norms.LayerNorm(resid, _lnfW, _lnfB, Config.NormEps);
}
