using TorchSharp;
using static TorchSharp.torch;

namespace ShoggothLens.Models.Transformers.Ops;

/// <summary>
/// Attention computed by hand: softmax(softcap(QKᵀ·scale) masked) · V, so soft-capping and
/// sliding windows are exact and the pattern is available.
/// </summary>
internal static class Attention
{
    /// <param name="q">[batch, heads, queries, headDim]</param>
    /// <param name="k">[batch, kvHeads, keys, headDim]</param>
    /// <param name="v">[batch, kvHeads, keys, headDim]</param>
    /// <param name="blocked">Boolean mask broadcastable to [batch, heads, queries, keys].</param>
    /// <returns>[batch, queries, heads·headDim]</returns>
    public static Tensor Compute(Tensor q, Tensor k, Tensor v, Tensor blocked, double scale, double? softcap)
    {
        long heads = q.shape[1];
        long kvHeads = k.shape[1];
        if (heads != kvHeads)
        {
            long repeat = heads / kvHeads;
            k = k.repeat_interleave(repeat, dim: 1);
            v = v.repeat_interleave(repeat, dim: 1);
        }
        // Scalars are held in `using` locals: an implicit double→Scalar temporary may be finalized
        // while libtorch still reads it (its handle is a raw IntPtr), which once failed a CI run
        // inside masked_fill with "Expected false to be true" from c10::Scalar::toFloat.
        using var scaleScalar = scale.ToScalar();
        using var minusInfinity = float.NegativeInfinity.ToScalar();
        var scores = q.matmul(k.transpose(-2, -1)).mul(scaleScalar);
        scores = SoftCap.Apply(scores, softcap);
        scores = scores.masked_fill(blocked, minusInfinity);
        var pattern = scores.softmax(-1);
        var z = pattern.matmul(v); // [B, H, T, hd]
        return z.transpose(1, 2).reshape(z.shape[0], z.shape[2], heads * z.shape[3]);
    }

    /// <summary>[batch, seq, heads·headDim] → [batch, heads, seq, headDim].</summary>
    public static Tensor SplitHeads(Tensor x, long heads, long headDim) =>
        x.view(x.shape[0], x.shape[1], heads, headDim).transpose(1, 2);
}
