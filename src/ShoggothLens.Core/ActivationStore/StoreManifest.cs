namespace ShoggothLens.Core.ActivationStore;

/// <summary>
/// A store's <c>manifest.json</c>: its settings, the complete chunks in order, totals, the store-wide
/// role and label tables (every chunk's names in order of first appearance), and the harvest's
/// progress. It is rewritten atomically after every chunk, so it never lists a chunk that is not
/// fully on disk.
/// </summary>
public sealed record StoreManifest(
    StoreSettings Settings,
    HarvestCursor Cursor,
    bool Complete,
    long SkippedRecords,
    IReadOnlyList<RoleTokenCount> Roles,
    IReadOnlyList<string> Labels,
    IReadOnlyList<ManifestChunk> Chunks)
{
    public const string FileName = "manifest.json";
    public const string FormatName = "shoggoth-activation-store";
    public const int Version = 1;

    public long Tokens => Chunks.Sum(c => (long)c.Tokens);

    public static StoreManifest Empty(StoreSettings settings) =>
        new(settings, HarvestCursor.At(settings.Shard.FirstRecord), false, 0, [], [], []);
}
