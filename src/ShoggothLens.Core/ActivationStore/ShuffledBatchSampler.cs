using ShoggothLens.Core.Randomness;

namespace ShoggothLens.Core.ActivationStore;

/// <summary>
/// Batches for SAE training in shuffled order. Each epoch visits chunks in a seeded random order
/// and the tokens of each chunk in a seeded random order; they stream through a buffer of
/// <see cref="SamplerOptions.BufferTokens"/> tokens, from which each emitted token is drawn at
/// random and replaced by the next incoming one. Every token enters and leaves the buffer once,
/// so an epoch emits every token exactly once; memory is the buffer plus one mapped chunk,
/// whatever the store's size. A batch never spans two epochs (an epoch's last batch may be short).
/// The random draws depend only on the seed, epoch and store, so <see cref="Position"/> restores
/// exactly: the epoch is replayed without reading activations, then the buffer's tokens are loaded.
/// </summary>
public sealed class ShuffledBatchSampler : IDisposable
{
    readonly ActivationStoreReader _store;
    readonly SamplerOptions _options;
    readonly int _hook;
    readonly ActivationBatch _buffer;
    readonly long[] _refs;

    SplitMix64 _rng = null!;
    int _epoch;
    long _emitted;
    int[] _chunkOrder = [];
    int _nextChunk;
    int _streamChunk = -1;
    int[] _rowOrder = [];
    int _nextRow;
    int _count;
    bool _filled;
    bool _replaying;

    ActivationChunk? _open;
    int _openIndex = -1;
    ChunkIdMaps? _openMaps;

    public ShuffledBatchSampler(ActivationStoreReader store, SamplerOptions options, SamplerPosition start = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(options.BatchSize, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.BufferTokens, 1);
        if (store.Tokens == 0) throw new ArgumentException($"the store at {store.Directory} holds no tokens");
        if (start.Epoch < 0 || start.TokensInEpoch < 0 || start.TokensInEpoch > store.Tokens)
            throw new ArgumentOutOfRangeException(nameof(start), start, $"a position is an epoch ≥ 0 and 0..{store.Tokens} tokens");
        _store = store;
        _options = options;
        _hook = store.HookIndex(options.Hook);
        int capacity = (int)Math.Min(options.BufferTokens, store.Tokens);
        _buffer = new ActivationBatch(capacity, store.DModel);
        _refs = new long[capacity];
        Seek(start);
    }

    public SamplerPosition Position => new(_epoch, _emitted);

    public long TokensPerEpoch => _store.Tokens;

    /// <summary>Fills <paramref name="batch"/> with the next tokens (at most its capacity and the batch size) and returns it.</summary>
    public ActivationBatch Next(ActivationBatch batch)
    {
        if (batch.DModel != _store.DModel) throw new ArgumentException($"the batch has d_model {batch.DModel}, the store {_store.DModel}");
        if (_filled && _count == 0) StartEpoch(_epoch + 1);
        Fill();
        int want = Math.Min(batch.Capacity, _options.BatchSize), n = 0;
        while (n < want && _count > 0) EmitOne(batch, n++);
        batch.Count = n;
        batch.Epoch = _epoch;
        _emitted += n;
        return batch;
    }

    public ActivationBatch Next()
    {
        var batch = new ActivationBatch(_options.BatchSize, _store.DModel);
        return Next(batch);
    }

    void Seek(SamplerPosition position)
    {
        StartEpoch(position.Epoch);
        _replaying = true;
        Fill();
        for (long i = 0; i < position.TokensInEpoch; i++) EmitOne(null, 0);
        _emitted = position.TokensInEpoch;
        _replaying = false;
        LoadBufferFromRefs();
    }

    void StartEpoch(int epoch)
    {
        _epoch = epoch;
        _emitted = 0;
        _rng = SplitMix64.ForEpoch(_options.Seed, epoch);
        _chunkOrder = _rng.Permutation(_store.ChunkCount);
        _nextChunk = 0;
        _streamChunk = -1;
        _rowOrder = [];
        _nextRow = 0;
        _count = 0;
        _filled = false;
    }

    void Fill()
    {
        if (_filled) return;
        while (_count < _buffer.Capacity && NextIncoming(out int chunk, out int row)) Put(_count++, chunk, row);
        _filled = true;
    }

    void EmitOne(ActivationBatch? batch, int at)
    {
        int j = _rng.NextInt(_count);
        if (batch is not null) ActivationBatch.CopyRow(_buffer, j, batch, at);
        if (NextIncoming(out int chunk, out int row))
        {
            Put(j, chunk, row);
            return;
        }
        _count--;
        if (j != _count)
        {
            _refs[j] = _refs[_count];
            if (!_replaying) _buffer.CopyRow(_count, j);
        }
    }

    bool NextIncoming(out int chunk, out int row)
    {
        while (_nextRow == _rowOrder.Length)
        {
            if (_nextChunk == _chunkOrder.Length)
            {
                chunk = row = -1;
                return false;
            }
            _streamChunk = _chunkOrder[_nextChunk++];
            _rowOrder = _rng.Permutation(_store.Manifest.Chunks[_streamChunk].Tokens);
            _nextRow = 0;
        }
        chunk = _streamChunk;
        row = _rowOrder[_nextRow++];
        return true;
    }

    void Put(int slot, int chunk, int row)
    {
        _refs[slot] = ((long)chunk << 32) | (uint)row;
        if (_replaying) return;
        if (_openIndex != chunk) OpenStreamChunk(chunk);
        _openMaps!.Load(_open!, _hook, row, _buffer, slot);
    }

    void OpenStreamChunk(int chunk)
    {
        _open?.Dispose();
        _open = null;
        _openIndex = -1;
        _open = _store.OpenChunk(chunk);
        _openIndex = chunk;
        _openMaps = new ChunkIdMaps(_open, _store);
    }

    /// <summary>After a replay: reads the buffered tokens' data, one chunk at a time.</summary>
    void LoadBufferFromRefs()
    {
        foreach (var group in Enumerable.Range(0, _count).GroupBy(slot => (int)(_refs[slot] >> 32)))
        {
            using var chunk = _store.OpenChunk(group.Key);
            var maps = new ChunkIdMaps(chunk, _store);
            foreach (int slot in group) maps.Load(chunk, _hook, (int)(uint)_refs[slot], _buffer, slot);
        }
    }

    public void Dispose()
    {
        _open?.Dispose();
        _open = null;
        _openIndex = -1;
    }
}
