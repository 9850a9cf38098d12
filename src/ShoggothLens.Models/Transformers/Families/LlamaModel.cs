using ShoggothLens.Models.Hooks;
using ShoggothLens.Models.Transformers.Ops;
using ShoggothLens.Models.Transformers.Weights;
using static TorchSharp.torch;

namespace ShoggothLens.Models.Transformers.Families;

/// <summary>
/// Llama, Mistral and Qwen2: RMSNorm, rotary attention with grouped key/value heads (Qwen2 with
/// q/k/v biases, Mistral with a sliding window), SwiGLU MLP, sequential residual.
/// </summary>
public sealed class LlamaModel : CausalLm
{
    sealed record Layer(Tensor InputNorm, RopeAttentionWeights Attention, Tensor PostAttentionNorm, GatedMlpWeights Mlp);

    readonly Tensor _embed, _norm, _head;
    readonly Layer[] _layers;

    internal LlamaModel(TransformerConfig config, ModelWeights weights) : base(config, weights)
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
                GatedMlpWeights.Load(weights, l + "mlp.", config));
        }
        _norm = weights.Get($"{p}norm.weight", d);
        _head = config.TiedEmbeddings ? _embed : weights.Get("lm_head.weight", config.VocabSize, d);
    }

    public override Tensor UnembeddingMatrix => _head;
    public override Tensor EmbeddingMatrix => _embed;

    private protected override Tensor Embed(Tensor ids, ForwardContext context) =>
        _embed.index_select(0, ids.flatten()).view(context.Batch, context.Seq, Config.DModel);

    private protected override Tensor Block(int layer, Tensor resid, ForwardContext context, HookRun hooks)
    {
        var w = _layers[layer];
        var attnOut = hooks.Apply(HookPoint.AttnOut(layer),
            w.Attention.Forward(Norms.RmsNorm(resid, w.InputNorm, Config.NormEps), layer, context, Config));
        if (hooks.Stopped) return resid;
        var mid = hooks.Apply(HookPoint.ResidMid(layer), resid.Plus(attnOut));
        if (hooks.Stopped) return mid;
        var mlpOut = hooks.Apply(HookPoint.MlpOut(layer),
            w.Mlp.Forward(Norms.RmsNorm(mid, w.PostAttentionNorm, Config.NormEps), Config.Activation));
        if (hooks.Stopped) return mid;
        return mid.Plus(mlpOut);
    }

    private protected override Tensor FinalNorm(Tensor resid) => Norms.RmsNorm(resid, _norm, Config.NormEps);
}
