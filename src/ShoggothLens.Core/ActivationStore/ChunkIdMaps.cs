namespace ShoggothLens.Core.ActivationStore;

/// <summary>Maps one chunk's role ids and label bits to the store-wide tables, for readers that mix chunks.</summary>
internal sealed class ChunkIdMaps
{
    readonly ushort[] _roles;
    readonly int[] _labels;

    public ChunkIdMaps(ActivationChunk chunk, ActivationStoreReader store)
    {
        var roles = store.Roles;
        _roles = chunk.Roles.Select(r =>
        {
            int global = IndexOf(roles, r);
            return global >= 0 ? (ushort)global : throw new Formats.InvalidInputFileException(chunk.Path, $"role {r} is missing from the manifest's role table");
        }).ToArray();
        _labels = chunk.LabelNames.Select(l =>
        {
            int global = IndexOf(store.Labels, l);
            return global >= 0 ? global : throw new Formats.InvalidInputFileException(chunk.Path, $"label '{l}' is missing from the manifest's label table");
        }).ToArray();
    }

    static int IndexOf<T>(IReadOnlyList<T> list, T value)
    {
        for (int i = 0; i < list.Count; i++)
            if (EqualityComparer<T>.Default.Equals(list[i], value)) return i;
        return -1;
    }

    /// <summary>Copies token <paramref name="row"/> of <paramref name="chunk"/> (hook <paramref name="hook"/>) into slot <paramref name="slot"/> of <paramref name="batch"/>.</summary>
    public void Load(ActivationChunk chunk, int hook, int row, ActivationBatch batch, int slot)
    {
        chunk.ReadActivations(hook, row, 1, batch.Row(slot));
        LoadMetadata(chunk, row, batch, slot);
    }

    /// <summary>Copies token <paramref name="row"/>'s metadata, in store-wide ids, into slot <paramref name="slot"/>.</summary>
    public void LoadMetadata(ActivationChunk chunk, int row, ActivationBatch batch, int slot)
    {
        batch.TokenIds[slot] = chunk.TokenIds[row];
        batch.RoleIds[slot] = Role(chunk.RoleIds[row], chunk);
        batch.DocumentIndices[slot] = chunk.DocumentIndices[row];
        batch.Positions[slot] = chunk.Positions[row];
        uint bits = chunk.LabelBits[row], mapped = 0;
        while (bits != 0)
        {
            int b = System.Numerics.BitOperations.TrailingZeroCount(bits);
            bits &= bits - 1;
            if (b >= _labels.Length) throw new Formats.InvalidInputFileException(chunk.Path, $"token {row} has label bit {b}; the chunk names {_labels.Length} labels");
            mapped |= 1u << _labels[b];
        }
        batch.LabelBits[slot] = mapped;
    }

    ushort Role(ushort local, ActivationChunk chunk) =>
        local < _roles.Length ? _roles[local] : throw new Formats.InvalidInputFileException(chunk.Path, $"role id {local} is outside the chunk's {_roles.Length} roles");
}
