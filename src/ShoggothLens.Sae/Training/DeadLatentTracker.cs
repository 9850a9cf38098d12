namespace ShoggothLens.Sae.Training;

/// <summary>
/// Tokens since each latent last fired. A latent is dead once that count reaches the threshold
/// (sparsify's dead_feature_threshold, counted in tokens rather than steps so that it does not
/// depend on the batch size).
/// </summary>
public sealed class DeadLatentTracker
{
    readonly long[] _since;

    public DeadLatentTracker(int latents, long deadAfterTokens, long[]? tokensSinceFired = null)
    {
        if (deadAfterTokens < 1) throw new ArgumentException($"the dead-latent window must be at least 1 token, got {deadAfterTokens}");
        DeadAfterTokens = deadAfterTokens;
        if (tokensSinceFired is not null && tokensSinceFired.Length != latents)
            throw new ArgumentException($"{tokensSinceFired.Length} counters for {latents} latents");
        _since = tokensSinceFired is null ? new long[latents] : (long[])tokensSinceFired.Clone();
    }

    public long DeadAfterTokens { get; }
    public ReadOnlySpan<long> TokensSinceFired => _since;

    /// <summary>After a batch of <paramref name="batchTokens"/>: reset latents that fired, age the rest.</summary>
    public void Update(int[] firedTokens, int batchTokens)
    {
        if (firedTokens.Length != _since.Length) throw new ArgumentException($"{firedTokens.Length} counts for {_since.Length} latents");
        for (int j = 0; j < _since.Length; j++)
            _since[j] = firedTokens[j] > 0 ? 0 : _since[j] + batchTokens;
    }

    /// <summary>Dead latents in increasing order.</summary>
    public int[] DeadLatents()
    {
        var dead = new List<int>();
        for (int j = 0; j < _since.Length; j++)
            if (_since[j] >= DeadAfterTokens) dead.Add(j);
        return [.. dead];
    }

    public double DeadFraction => _since.Count(s => s >= DeadAfterTokens) / (double)_since.Length;
}
