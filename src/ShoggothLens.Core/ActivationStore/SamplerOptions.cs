namespace ShoggothLens.Core.ActivationStore;

/// <summary>
/// A shuffled sampler's settings: the hook to read, tokens per batch, the shuffle buffer's size in
/// tokens (its memory is BufferTokens × d_model × 4 bytes) and the seed.
/// </summary>
public sealed record SamplerOptions(string Hook, int BatchSize, int BufferTokens, ulong Seed);
