namespace ShoggothLens.Core.ActivationStore;

/// <summary>A stored chunk's rows, copied as stored bytes (no float round trip): how a merge moves activations.</summary>
internal sealed class ChunkActivationRows(ActivationChunk chunk) : IActivationRows
{
    public void CopyEncoded(int hook, int start, int count, ActivationDType dtype, Span<byte> destination)
    {
        if (dtype != chunk.Layout.DType)
            throw new ArgumentException($"cannot copy {chunk.Layout.DType.Name()} rows into a {dtype.Name()} store");
        chunk.ActivationBytes(hook, start, count).CopyTo(destination);
    }
}
