namespace ShoggothLens.Core.ActivationStore;

/// <summary>
/// Where a harvest goes on: the batch that starts at window <see cref="Window"/> of record
/// <see cref="Record"/>, of whose tokens the first <see cref="SkipTokens"/> are already stored.
/// Chunks end at a fixed token count, so a chunk may end inside a batch; a resumed harvest
/// forms that batch again (batches are a function of the corpus alone) and stores only the rest.
/// </summary>
public readonly record struct HarvestCursor(long Record, int Window, long SkipTokens)
{
    public static HarvestCursor At(long record) => new(record, 0, 0);

    public override string ToString() => SkipTokens == 0 && Window == 0
        ? $"record {Record}"
        : $"record {Record}, window {Window}, {SkipTokens} tokens in";
}
