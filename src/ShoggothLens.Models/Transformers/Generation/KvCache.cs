using static TorchSharp.torch;

namespace ShoggothLens.Models.Transformers.Generation;

/// <summary>
/// Keys and values of every layer for the tokens seen so far ([batch, kvHeads, tokens, headDim],
/// after rotary), so generation runs each new token alone. Owns its tensors.
/// </summary>
internal sealed class KvCache(int layers) : IDisposable
{
    readonly Tensor?[] _keys = new Tensor?[layers];
    readonly Tensor?[] _values = new Tensor?[layers];

    /// <summary>Tokens cached (updated by <see cref="Advance"/> after a full pass).</summary>
    public long Length { get; private set; }

    public (Tensor K, Tensor V) Append(int layer, Tensor k, Tensor v)
    {
        _keys[layer] = Grow(_keys[layer], k);
        _values[layer] = Grow(_values[layer], v);
        return (_keys[layer]!, _values[layer]!);
    }

    static Tensor Grow(Tensor? old, Tensor next)
    {
        var grown = old is null ? next.detach().clone() : cat([old, next.detach()], 2);
        grown.DetachFromDisposeScope();
        old?.Dispose();
        return grown;
    }

    public void Advance(long tokens) => Length += tokens;

    /// <summary>Keeps only the batch rows <paramref name="rows"/> (int64 indices), in that order: finished sequences leave the batch.</summary>
    public void Keep(Tensor rows)
    {
        for (int layer = 0; layer < _keys.Length; layer++)
        {
            _keys[layer] = Select(_keys[layer], rows);
            _values[layer] = Select(_values[layer], rows);
        }
    }

    static Tensor? Select(Tensor? old, Tensor rows)
    {
        if (old is null) return null;
        var kept = old.index_select(0, rows);
        kept.DetachFromDisposeScope();
        old.Dispose();
        return kept;
    }

    public void Dispose()
    {
        foreach (var t in _keys) t?.Dispose();
        foreach (var t in _values) t?.Dispose();
    }
}
