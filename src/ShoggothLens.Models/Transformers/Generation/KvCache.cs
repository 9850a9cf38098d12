using static TorchSharp.torch;

namespace ShoggothLens.Models.Transformers.Generation;

/// <summary>
/// Keys and values of every layer for the tokens seen so far ([batch, kvHeads, tokens, headDim],
/// after rotary), so generation runs each new token alone. Owns its tensors.
/// <para>With a <paramref name="capacity"/> (the prompt plus the tokens to generate), each layer's keys and values live in
/// one buffer of that many positions, written in place and handed to attention as a view of the filled part: a step
/// copies only its new column. Growing by concatenation instead copied the whole cache every step (and allocated it
/// afresh), which made a 96-token reply cost time quadratic in its length.</para>
/// </summary>
internal sealed class KvCache(int layers, long capacity = 0) : IDisposable
{
    readonly Tensor?[] _keys = new Tensor?[layers];
    readonly Tensor?[] _values = new Tensor?[layers];
    long _capacity = capacity;

    /// <summary>Tokens cached (updated by <see cref="Advance"/> after a full pass).</summary>
    public long Length { get; private set; }

    /// <summary>Adds this pass's keys and values of <paramref name="layer"/> at <see cref="Length"/>; returns all of them (views when preallocated).</summary>
    public (Tensor K, Tensor V) Append(int layer, Tensor k, Tensor v)
    {
        if (_capacity <= 0)
        {
            _keys[layer] = Grow(_keys[layer], k);
            _values[layer] = Grow(_values[layer], v);
            return (_keys[layer]!, _values[layer]!);
        }
        long n = k.shape[2], end = Length + n;
        if (end > _capacity) Reserve(Math.Max(end, 2 * _capacity));
        _keys[layer] = Place(_keys[layer], k, Length, _capacity);
        _values[layer] = Place(_values[layer], v, Length, _capacity);
        return (_keys[layer]!.narrow(2, 0, end), _values[layer]!.narrow(2, 0, end));
    }

    static Tensor Grow(Tensor? old, Tensor next)
    {
        var grown = old is null ? next.detach().clone() : cat([old, next.detach()], 2);
        grown.DetachFromDisposeScope();
        old?.Dispose();
        return grown;
    }

    /// <summary>Writes <paramref name="next"/> into the layer's buffer at <paramref name="at"/>, allocating the buffer on first use.</summary>
    static Tensor Place(Tensor? buffer, Tensor next, long at, long capacity)
    {
        if (buffer is null)
        {
            buffer = empty([next.shape[0], next.shape[1], capacity, next.shape[3]], next.dtype, next.device);
            buffer.DetachFromDisposeScope();
        }
        using var slot = buffer.narrow(2, at, next.shape[2]);
        slot.copy_(next.detach());
        return buffer;
    }

    /// <summary>A larger buffer for every layer, the filled part copied (only when a caller under-reserved).</summary>
    void Reserve(long capacity)
    {
        for (int layer = 0; layer < _keys.Length; layer++)
        {
            _keys[layer] = Resized(_keys[layer], Length, capacity);
            _values[layer] = Resized(_values[layer], Length, capacity);
        }
        _capacity = capacity;
    }

    static Tensor? Resized(Tensor? old, long filled, long capacity)
    {
        if (old is null) return null;
        var grown = empty([old.shape[0], old.shape[1], capacity, old.shape[3]], old.dtype, old.device);
        grown.DetachFromDisposeScope();
        using (var to = grown.narrow(2, 0, filled))
        using (var from = old.narrow(2, 0, filled))
            to.copy_(from);
        old.Dispose();
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
