using TorchSharp;
using ShoggothLens.Models.Hooks;
using ShoggothLens.Models.Transformers.Ops;
using ShoggothLens.Models.Transformers.Weights;
using static TorchSharp.torch;

namespace ShoggothLens.Models.Transformers.Families;

/// <summary>
/// Gemma 2: embedding × sqrt(d_model), (1+w) RMSNorm before and after both attention and MLP
/// (hook_attn_out and hook_mlp_out see the post-norm outputs, which are what the residual gets),
/// GeGLU, attention logit soft-capping, sliding windows on some layers, final logit soft-capping,
/// tied unembedding.
/// </summary>
public sealed class Gemma2Model : CausalLm
{
    sealed record Layer(Tensor InputNorm, RopeAttentionWeights Attention, Tensor PostAttentionNorm,
        Tensor PreFeedforwardNorm, GatedMlpWeights Mlp, Tensor PostFeedforwardNorm);

    readonly Tensor _embed, _norm, _head;
    readonly Layer[] _layers;
    readonly float _embedScale;

    internal Gemma2Model(TransformerConfig config, ModelWeights weights) : base(config, weights)
    {
        string p = !weights.Contains("model.embed_tokens.weight") && weights.Contains("embed_tokens.weight") ? "" : "model.";
        long d = config.DModel;
        _embed = weights.Get($"{p}embed_tokens.weight", config.VocabSize, d);
        _layers = new Layer[config.NLayers];
        for (int i = 0; i < config.NLayers; i++)
        {
            string l = $"{p}layers.{i}.";
            _layers[i] = new Layer(
                weights.Get(l + "input_layernorm.weight", d),
                RopeAttentionWeights.Load(weights, l + "self_attn.", config),
                weights.Get(l + "post_attention_layernorm.weight", d),
                weights.Get(l + "pre_feedforward_layernorm.weight", d),
                GatedMlpWeights.Load(weights, l + "mlp.", config),
                weights.Get(l + "post_feedforward_layernorm.weight", d));
        }
        _norm = weights.Get($"{p}norm.weight", d);
        _head = config.TiedEmbeddings || !weights.Contains("lm_head.weight") ? _embed : weights.Get("lm_head.weight", config.VocabSize, d);
        // HF: hidden * torch.tensor(hidden_size ** 0.5, dtype=hidden.dtype), i.e. rounded to float32 first.
        _embedScale = (float)Math.Sqrt(config.DModel);
    }

    public override Tensor UnembeddingMatrix => _head;
    public override Tensor EmbeddingMatrix => _embed;

    private protected override Tensor Embed(Tensor ids, ForwardContext context)
    {
        using var scale = _embedScale.ToScalar(); // held, not an implicit temporary: see Attention.Compute
        return _embed.index_select(0, ids.flatten()).view(context.Batch, context.Seq, Config.DModel).mul(scale);
    }

    private protected override Tensor Block(int layer, Tensor resid, ForwardContext context, HookRun hooks)
    {
        var w = _layers[layer];
        double eps = Config.NormEps;
        var attn = w.Attention.Forward(Norms.RmsNormPlusOne(resid, w.InputNorm, eps), layer, context, Config);
        var attnOut = hooks.Apply(HookPoint.AttnOut(layer), Norms.RmsNormPlusOne(attn, w.PostAttentionNorm, eps));
        if (hooks.Stopped) return resid;
        var mid = hooks.Apply(HookPoint.ResidMid(layer), resid.Plus(attnOut));
        if (hooks.Stopped) return mid;
        var mlp = w.Mlp.Forward(Norms.RmsNormPlusOne(mid, w.PreFeedforwardNorm, eps), Config.Activation);
        var mlpOut = hooks.Apply(HookPoint.MlpOut(layer), Norms.RmsNormPlusOne(mlp, w.PostFeedforwardNorm, eps));
        if (hooks.Stopped) return mid;
        return mid.Plus(mlpOut);
    }

    private protected override Tensor FinalNorm(Tensor resid) => Norms.RmsNormPlusOne(resid, _norm, Config.NormEps);
}
