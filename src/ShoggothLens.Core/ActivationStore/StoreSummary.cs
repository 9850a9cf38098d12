namespace ShoggothLens.Core.ActivationStore;

/// <summary>What <c>shoggoth store info</c> shows: the manifest's facts plus the store's size on disk.</summary>
public sealed record StoreSummary(string Directory, StoreManifest Manifest, long BytesOnDisk)
{
    public static StoreSummary Of(ActivationStoreReader store)
    {
        long bytes = new FileInfo(Path.Combine(store.Directory, StoreManifest.FileName)).Length;
        foreach (var chunk in store.Manifest.Chunks)
        {
            var file = new FileInfo(Path.Combine(store.Directory, chunk.File));
            bytes += file.Exists ? file.Length : 0;
        }
        return new StoreSummary(store.Directory, store.Manifest, bytes);
    }
}
