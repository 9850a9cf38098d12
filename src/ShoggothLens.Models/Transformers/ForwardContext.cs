using TorchSharp;
using ShoggothLens.Models.Transformers.Generation;
using ShoggothLens.Models.Transformers.Ops;
using static TorchSharp.torch;

namespace ShoggothLens.Models.Transformers;

/// <summary>
/// What every block of one forward pass shares: positions, rotary angles, the attention masks of
/// each window size in use, and the KV cache when generating. Built in the pass's outer dispose
/// scope so it outlives each block's own scope.
/// </summary>
internal sealed class ForwardContext
{
    readonly Dictionary<int, Tensor> _masks;

    ForwardContext(long batch, long seq, long past, Tensor positions, Rotary? rotary, Dictionary<int, Tensor> masks, KvCache? cache)
    {
        Batch = batch;
        Seq = seq;
        Past = past;
        Positions = positions;
        Rotary = rotary;
        _masks = masks;
        Cache = cache;
    }

    public long Batch { get; }
    public long Seq { get; }
    /// <summary>Tokens already in the KV cache.</summary>
    public long Past { get; }
    /// <summary>Position of each token, int64 [batch, seq].</summary>
    public Tensor Positions { get; }
    public Rotary? Rotary { get; }
    public KvCache? Cache { get; }

    /// <summary>The blocked-keys mask for attention with <paramref name="window"/> (null = full causal).</summary>
    public Tensor MaskFor(int? window) => _masks[window ?? 0];

    /// <param name="ids">int64 [batch, seq]</param>
    /// <param name="attentionMask">Optional [batch, past + seq] over the cached keys and this pass's, 1 = token, 0 = padding
    /// (left padding keeps positions right).</param>
    public static ForwardContext Create(TransformerConfig config, Tensor ids, Tensor? attentionMask, KvCache? cache)
    {
        long batch = ids.shape[0], seq = ids.shape[1];
        long past = cache?.Length ?? 0;
        if (config.Rope is null && past + seq > config.MaxPositions)
            throw new ArgumentException(
                $"{past + seq} tokens exceed this {config.ModelType} model's {config.MaxPositions} learned positions", nameof(ids));

        Tensor? keyPadding = null, keyPositions = null;
        Tensor positions;
        if (attentionMask is null)
        {
            positions = arange(past, past + seq, dtype: ScalarType.Int64).unsqueeze(0).expand(batch, seq);
        }
        else
        {
            // The mask covers every key: the cached ones and this pass's (HF's convention when generating).
            // Held, not implicit temporaries (see Attention.Compute): an implicit `ne(0)` here crashed the demo's concurrent
            // controls with "Unknown scalar type" when the temporary Scalar was finalized before the native call.
            using var one = 1.ToScalar();
            using var zero = 0.ToScalar();
            keyPadding = attentionMask.ne(zero).to_type(ScalarType.Int64);
            // Left padding: each real token's position counts only real tokens before it.
            keyPositions = keyPadding.cumsum(-1).sub(one).clamp_min(zero);
            positions = past == 0 ? keyPositions : keyPositions.narrow(1, past, seq);
        }
        var rotary = config.Rope is { } rope ? Rotary.For(rope, positions) : null;
        var masks = new Dictionary<int, Tensor>();
        for (int layer = 0; layer < config.NLayers; layer++)
        {
            int? window = config.WindowOf(layer);
            int key = window ?? 0;
            if (!masks.ContainsKey(key)) masks[key] = AttentionMask.Blocked(seq, past, window, positions, keyPositions, keyPadding);
        }
        return new ForwardContext(batch, seq, past, positions, rotary, masks, cache);
    }

    /// <summary>Keys and values for attention: this pass's alone, or appended to the cache.</summary>
    public (Tensor K, Tensor V) KeysAndValues(int layer, Tensor k, Tensor v) =>
        Cache is null ? (k, v) : Cache.Append(layer, k, v);
}
