namespace ShoggothLens.Core.ActivationStore;

/// <summary>A complete chunk as the manifest lists it: file (relative to the store), token count, size in bytes, XxHash3 of its data.</summary>
public sealed record ManifestChunk(string File, int Tokens, long Bytes, string XxHash3)
{
    /// <summary>The only file name a manifest may give chunk <paramref name="index"/> (a manifest can name no other path).</summary>
    public static string FileFor(int index) => $"chunks/chunk-{index:D6}.bin";
}
