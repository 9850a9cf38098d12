namespace ShoggothLens.Core.ActivationStore;

/// <summary>
/// Where each array lies in a chunk's data region (offsets from its start, each 64-byte aligned):
/// activations of every hook [tokens, d_model] in the store's dtype, then token ids (int32),
/// role ids (uint16, into the chunk's role table), document indices (int64), positions in the
/// document (int32) and label masks (uint32, bit i = the chunk's label i). All little-endian.
/// The layout follows from the counts alone, so a reader recomputes it and checks the header's.
/// </summary>
public sealed class ChunkLayout
{
    public const string TokenIdsName = "token_ids";
    public const string RolesName = "roles";
    public const string DocumentsName = "doc_ids";
    public const string PositionsName = "positions";
    public const string LabelsName = "labels";

    public ChunkLayout(int tokens, int dModel, int hookCount, ActivationDType dtype)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(tokens);
        ArgumentOutOfRangeException.ThrowIfLessThan(dModel, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(hookCount, 1);
        Tokens = tokens;
        DModel = dModel;
        HookCount = hookCount;
        DType = dtype;
        ActivationRowBytes = (long)dModel * dtype.Size();
        ActivationBytes = tokens * ActivationRowBytes;
        long at = 0;
        var hooks = new long[hookCount];
        for (int h = 0; h < hookCount; h++)
        {
            hooks[h] = at;
            at = ChunkFormat.Align(at + ActivationBytes);
        }
        _activationOffsets = hooks;
        TokenIdsOffset = at;
        RolesOffset = ChunkFormat.Align(TokenIdsOffset + 4L * tokens);
        DocumentsOffset = ChunkFormat.Align(RolesOffset + 2L * tokens);
        PositionsOffset = ChunkFormat.Align(DocumentsOffset + 8L * tokens);
        LabelsOffset = ChunkFormat.Align(PositionsOffset + 4L * tokens);
        DataBytes = LabelsOffset + 4L * tokens;
    }

    readonly long[] _activationOffsets;

    public int Tokens { get; }
    public int DModel { get; }
    public int HookCount { get; }
    public ActivationDType DType { get; }
    public long ActivationRowBytes { get; }
    public long ActivationBytes { get; }
    public long ActivationOffset(int hook) => _activationOffsets[hook];
    public long TokenIdsOffset { get; }
    public long RolesOffset { get; }
    public long DocumentsOffset { get; }
    public long PositionsOffset { get; }
    public long LabelsOffset { get; }

    /// <summary>Bytes from the data region's start to the end of the last array (the file's end).</summary>
    public long DataBytes { get; }

    /// <summary>Every array as (name, offset, bytes); activations are named "activations/{hook}".</summary>
    public IEnumerable<(string Name, long Offset, long Bytes)> Arrays(IReadOnlyList<string> hooks)
    {
        for (int h = 0; h < HookCount; h++) yield return ($"activations/{hooks[h]}", ActivationOffset(h), ActivationBytes);
        yield return (TokenIdsName, TokenIdsOffset, 4L * Tokens);
        yield return (RolesName, RolesOffset, 2L * Tokens);
        yield return (DocumentsName, DocumentsOffset, 8L * Tokens);
        yield return (PositionsName, PositionsOffset, 4L * Tokens);
        yield return (LabelsName, LabelsOffset, 4L * Tokens);
    }
}
