using ShoggothLens.Models.Transformers.Ops;
using ShoggothLens.Models.Transformers.Weights;
using static TorchSharp.torch;

namespace ShoggothLens.Models.Transformers.Families;

/// <summary>
/// Separate q/k/v/o projections ([out, in], optional biases) with rotary positions and grouped
/// key/value heads: the attention of Llama, Mistral, Qwen2 and Gemma 2.
/// </summary>
internal sealed record RopeAttentionWeights(Tensor Q, Tensor? QBias, Tensor K, Tensor? KBias, Tensor V, Tensor? VBias, Tensor O, Tensor? OBias)
{
    public static RopeAttentionWeights Load(ModelWeights weights, string prefix, TransformerConfig c)
    {
        long d = c.DModel, q = (long)c.NHeads * c.HeadDim, kv = (long)c.NKvHeads * c.HeadDim;
        Tensor? Bias(bool present, string name, long size) => present ? weights.Get(prefix + name, size) : null;
        return new RopeAttentionWeights(
            weights.Get(prefix + "q_proj.weight", q, d), Bias(c.QkvBias, "q_proj.bias", q),
            weights.Get(prefix + "k_proj.weight", kv, d), Bias(c.QkvBias, "k_proj.bias", kv),
            weights.Get(prefix + "v_proj.weight", kv, d), Bias(c.QkvBias, "v_proj.bias", kv),
            weights.Get(prefix + "o_proj.weight", d, q), Bias(c.OutputBias, "o_proj.bias", d));
    }

    /// <summary>Attention output [batch, seq, d_model] of normalized input <paramref name="x"/>.</summary>
    public Tensor Forward(Tensor x, int layer, ForwardContext context, TransformerConfig c)
    {
        var q = Attention.SplitHeads(nn.functional.linear(x, Q, QBias), c.NHeads, c.HeadDim);
        var k = Attention.SplitHeads(nn.functional.linear(x, K, KBias), c.NKvHeads, c.HeadDim);
        var v = Attention.SplitHeads(nn.functional.linear(x, V, VBias), c.NKvHeads, c.HeadDim);
        q = context.Rotary!.Apply(q);
        k = context.Rotary!.Apply(k);
        (k, v) = context.KeysAndValues(layer, k, v);
        int? window = c.WindowOf(layer);
        var z = Attention.Compute(q, k, v, context.MaskFor(window), c.AttentionScale, c.AttentionLogitSoftcap);
        return nn.functional.linear(z, O, OBias);
    }
}
