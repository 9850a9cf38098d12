namespace ShoggothLens.Core.ActivationStore;

/// <summary>
/// How far a shuffled sampler has got: the epoch and the tokens already handed out in it. A
/// trainer saves this with its checkpoint; a sampler built with the same store, hook, buffer size
/// and seed and this position continues with exactly the tokens it would have given next.
/// </summary>
public readonly record struct SamplerPosition(int Epoch, long TokensInEpoch);
