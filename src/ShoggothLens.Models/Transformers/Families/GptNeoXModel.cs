using ShoggothLens.Models.Hooks;
using ShoggothLens.Models.Transformers.Ops;
using ShoggothLens.Models.Transformers.Weights;
using static TorchSharp.torch;

namespace ShoggothLens.Models.Transformers.Families;

/// <summary>
/// GPT-NeoX / Pythia: LayerNorm, fused query_key_value laid out per head as [heads, 3, head_dim],
/// rotary on the first rotary_pct of each head, exact-GELU MLP, untied <c>embed_out</c>, and
/// either a parallel residual x + attn(ln1 x) + mlp(ln2 x) (no hook_resid_mid) or a sequential one.
/// </summary>
public sealed class GptNeoXModel : CausalLm
{
    sealed record Layer(Tensor Ln1W, Tensor Ln1B, Tensor QkvW, Tensor? QkvB, Tensor DenseW, Tensor? DenseB,
        Tensor Ln2W, Tensor Ln2B, Tensor UpW, Tensor UpB, Tensor DownW, Tensor DownB);

    readonly Tensor _embed, _lnfW, _lnfB, _head;
    readonly Layer[] _layers;

    internal GptNeoXModel(TransformerConfig config, ModelWeights weights) : base(config, weights)
    {
        string p = !weights.Contains("gpt_neox.embed_in.weight") && weights.Contains("embed_in.weight") ? "" : "gpt_neox.";
        long d = config.DModel, m = config.DMlp;
        _embed = weights.Get($"{p}embed_in.weight", config.VocabSize, d);
        _layers = new Layer[config.NLayers];
        for (int i = 0; i < config.NLayers; i++)
        {
            string l = $"{p}layers.{i}.";
            _layers[i] = new Layer(
                weights.Get(l + "input_layernorm.weight", d), weights.Get(l + "input_layernorm.bias", d),
                weights.Get(l + "attention.query_key_value.weight", 3 * d, d),
                config.QkvBias ? weights.Get(l + "attention.query_key_value.bias", 3 * d) : null,
                weights.Get(l + "attention.dense.weight", d, d),
                config.OutputBias ? weights.Get(l + "attention.dense.bias", d) : null,
                weights.Get(l + "post_attention_layernorm.weight", d), weights.Get(l + "post_attention_layernorm.bias", d),
                weights.Get(l + "mlp.dense_h_to_4h.weight", m, d), weights.Get(l + "mlp.dense_h_to_4h.bias", m),
                weights.Get(l + "mlp.dense_4h_to_h.weight", d, m), weights.Get(l + "mlp.dense_4h_to_h.bias", d));
        }
        _lnfW = weights.Get($"{p}final_layer_norm.weight", d);
        _lnfB = weights.Get($"{p}final_layer_norm.bias", d);
        _head = config.TiedEmbeddings ? _embed : weights.Get("embed_out.weight", config.VocabSize, d);
    }

    public override Tensor UnembeddingMatrix => _head;
    public override Tensor EmbeddingMatrix => _embed;

    private protected override Tensor Embed(Tensor ids, ForwardContext context) =>
        _embed.index_select(0, ids.flatten()).view(context.Batch, context.Seq, Config.DModel);

    private protected override Tensor Block(int layer, Tensor resid, ForwardContext context, HookRun hooks)
    {
        var w = _layers[layer];
        double eps = Config.NormEps;
        var attnOut = hooks.Apply(HookPoint.AttnOut(layer), Attend(layer, w, Norms.LayerNorm(resid, w.Ln1W, w.Ln1B, eps), context));
        if (hooks.Stopped) return resid;
        if (Config.ParallelResidual)
        {
            var mlpOut = hooks.Apply(HookPoint.MlpOut(layer), Mlp(w, Norms.LayerNorm(resid, w.Ln2W, w.Ln2B, eps)));
            if (hooks.Stopped) return resid;
            return mlpOut.Plus(attnOut).Plus(resid);
        }
        var mid = hooks.Apply(HookPoint.ResidMid(layer), attnOut.Plus(resid));
        if (hooks.Stopped) return mid;
        var seqMlpOut = hooks.Apply(HookPoint.MlpOut(layer), Mlp(w, Norms.LayerNorm(mid, w.Ln2W, w.Ln2B, eps)));
        if (hooks.Stopped) return mid;
        return seqMlpOut.Plus(mid);
    }

    Tensor Attend(int layer, Layer w, Tensor x, ForwardContext context)
    {
        long heads = Config.NHeads, hd = Config.HeadDim;
        // [B, T, heads·3·hd] → [B, heads, T, 3·hd] → q, k, v of [B, heads, T, hd].
        var qkv = nn.functional.linear(x, w.QkvW, w.QkvB)
            .view(context.Batch, context.Seq, heads, 3 * hd).transpose(1, 2).split(hd, -1);
        var q = context.Rotary!.Apply(qkv[0]);
        var k = context.Rotary!.Apply(qkv[1]);
        var (keys, values) = context.KeysAndValues(layer, k, qkv[2]);
        var z = Attention.Compute(q, keys, values, context.MaskFor(null), Config.AttentionScale, softcap: null);
        return nn.functional.linear(z, w.DenseW, w.DenseB);
    }

    Tensor Mlp(Layer w, Tensor x) =>
        nn.functional.linear(Activations.Apply(Config.Activation, nn.functional.linear(x, w.UpW, w.UpB)), w.DownW, w.DownB);

    private protected override Tensor FinalNorm(Tensor resid) => Norms.LayerNorm(resid, _lnfW, _lnfB, Config.NormEps);
}
