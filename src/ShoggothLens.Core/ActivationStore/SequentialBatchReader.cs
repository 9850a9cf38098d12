namespace ShoggothLens.Core.ActivationStore;

/// <summary>
/// Reads a store's tokens in order, in batches of up to a batch's capacity (a batch may span two
/// chunks), for analysis passes that must see every token once with its metadata. One chunk is
/// mapped at a time. <see cref="Seek"/> jumps to any token.
/// </summary>
public sealed class SequentialBatchReader(ActivationStoreReader store, string hook) : IDisposable
{
    readonly int _hook = store.HookIndex(hook);
    ActivationChunk? _chunk;
    ChunkIdMaps? _maps;
    int _chunkIndex = -1;
    long _position;

    /// <summary>Index of the next token to read (0 .. store tokens).</summary>
    public long Position => _position;

    public void Seek(long token)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(token);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(token, store.Tokens);
        _position = token;
    }

    /// <summary>Fills <paramref name="batch"/>; false (and Count 0) once every token has been read.</summary>
    public bool Next(ActivationBatch batch) => Next(batch, store.Tokens);

    /// <summary>Fills <paramref name="batch"/> with tokens before <paramref name="end"/> only; false (and Count 0) once
    /// the position has reached it (a pass that forms its batches within chunks, or within a shard's range).</summary>
    public bool Next(ActivationBatch batch, long end)
    {
        end = Math.Min(end, store.Tokens);
        int n = 0;
        while (n < batch.Capacity && _position < end)
        {
            int index = store.ChunkOf(_position);
            if (index != _chunkIndex)
            {
                _chunk?.Dispose();
                _chunk = null;
                _chunk = store.OpenChunk(index);
                _chunkIndex = index;
                _maps = new ChunkIdMaps(_chunk, store);
            }
            int row = (int)(_position - store.ChunkStarts[index]);
            int take = (int)Math.Min(Math.Min(batch.Capacity - n, _chunk!.Tokens - row), end - _position);
            _chunk.ReadActivations(_hook, row, take, batch.Activations.AsSpan(n * batch.DModel));
            for (int i = 0; i < take; i++) _maps!.LoadMetadata(_chunk, row + i, batch, n + i);
            n += take;
            _position += take;
        }
        batch.Count = n;
        return n > 0;
    }

    public void Dispose()
    {
        _chunk?.Dispose();
        _chunk = null;
        _chunkIndex = -1;
    }
}
