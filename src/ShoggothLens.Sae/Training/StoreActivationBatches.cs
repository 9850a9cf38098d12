using System.Text.Json;
using ShoggothLens.Core.ActivationStore;

namespace ShoggothLens.Sae.Training;

/// <summary>
/// The trainer's input from an activation store: the store's seeded shuffled sampler for one hook
/// (every token once per epoch), its position saved as JSON for checkpoints and restored by
/// rebuilding the sampler at that position. A trainer batch may span two epochs.
/// </summary>
public sealed class StoreActivationBatches : IActivationBatches, IDisposable
{
    readonly ActivationStoreReader _store;
    readonly SamplerOptions _options;
    readonly Dictionary<int, ActivationBatch> _batches = [];
    ShuffledBatchSampler _sampler;

    /// <param name="bufferTokens">the sampler's shuffle buffer (its memory is bufferTokens × d_model × 4 bytes).</param>
    public StoreActivationBatches(ActivationStoreReader store, string hook, ulong seed, int bufferTokens = 1 << 16)
    {
        _store = store;
        // Each request passes a batch of exactly the rows it wants; the sampler's own batch size never binds.
        _options = new SamplerOptions(hook, int.MaxValue, bufferTokens, seed);
        _sampler = new ShuffledBatchSampler(store, _options);
    }

    public int DIn => _store.DModel;
    public long TokensPerEpoch => _store.Tokens;

    /// <summary>What decides the token order: store (model, hooks, tokens), hook, buffer and seed. Part of a run's fingerprint.</summary>
    public string Describe() =>
        $"store model {_store.Settings.ModelId} ({_store.Settings.ModelFingerprint}), {_store.Tokens} tokens, hook {_options.Hook}, buffer {_options.BufferTokens}, seed {_options.Seed}";

    public void Next(Span<float> destination, int batchSize)
    {
        if (destination.Length != (long)batchSize * DIn) throw new ArgumentException($"destination holds {destination.Length} values, not {batchSize}×{DIn}");
        int filled = 0;
        while (filled < batchSize)
        {
            int want = batchSize - filled;
            if (!_batches.TryGetValue(want, out var batch))
            {
                // Sizes repeat (the batch size, and what remains after each epoch's short last batch).
                if (_batches.Count > 8) _batches.Clear();
                _batches[want] = batch = new ActivationBatch(want, DIn);
            }
            _sampler.Next(batch);
            batch.Activations.AsSpan(0, batch.Count * DIn).CopyTo(destination.Slice(filled * DIn));
            filled += batch.Count;
        }
    }

    public string SavePosition()
    {
        var p = _sampler.Position;
        return JsonSerializer.Serialize(new Position(p.Epoch, p.TokensInEpoch));
    }

    public void RestorePosition(string position)
    {
        Position? p;
        try { p = JsonSerializer.Deserialize<Position>(position); }
        catch (JsonException e) { throw new FormatException($"not a store sampler position: {e.Message}"); }
        if (p is null || p.Epoch < 0 || p.TokensInEpoch < 0 || p.TokensInEpoch > _store.Tokens)
            throw new FormatException($"sampler position {position} is out of range for a store of {_store.Tokens} tokens");
        _sampler.Dispose();
        _sampler = new ShuffledBatchSampler(_store, _options, new SamplerPosition(p.Epoch, p.TokensInEpoch));
    }

    public void Dispose() => _sampler.Dispose();

    sealed record Position(int Epoch, long TokensInEpoch);
}
