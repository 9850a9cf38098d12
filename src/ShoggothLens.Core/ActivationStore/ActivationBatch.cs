namespace ShoggothLens.Core.ActivationStore;

/// <summary>
/// A batch of tokens read from a store: activations [Count, DModel] float32, row-major, and each
/// token's metadata. Role ids index the store's role table and label bits its label table
/// (<see cref="ActivationStoreReader.Roles"/>, <see cref="ActivationStoreReader.Labels"/>).
/// Readers refill one batch object; only the first <see cref="Count"/> rows are meaningful.
/// </summary>
public sealed class ActivationBatch
{
    public ActivationBatch(int capacity, int dModel)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(dModel, 1);
        Capacity = capacity;
        DModel = dModel;
        Activations = new float[checked(capacity * dModel)];
        TokenIds = new int[capacity];
        RoleIds = new ushort[capacity];
        DocumentIndices = new long[capacity];
        Positions = new int[capacity];
        LabelBits = new uint[capacity];
    }

    public int Capacity { get; }
    public int DModel { get; }
    public int Count { get; internal set; }

    /// <summary>For a sampler's batch: the epoch its tokens belong to (a batch never spans two).</summary>
    public int Epoch { get; internal set; }

    public float[] Activations { get; }
    public int[] TokenIds { get; }
    public ushort[] RoleIds { get; }
    public long[] DocumentIndices { get; }
    public int[] Positions { get; }
    public uint[] LabelBits { get; }

    public Span<float> Row(int i) => Activations.AsSpan(i * DModel, DModel);

    internal void CopyRow(int from, int to)
    {
        Row(from).CopyTo(Row(to));
        TokenIds[to] = TokenIds[from];
        RoleIds[to] = RoleIds[from];
        DocumentIndices[to] = DocumentIndices[from];
        Positions[to] = Positions[from];
        LabelBits[to] = LabelBits[from];
    }

    internal static void CopyRow(ActivationBatch source, int from, ActivationBatch target, int to)
    {
        source.Row(from).CopyTo(target.Row(to));
        target.TokenIds[to] = source.TokenIds[from];
        target.RoleIds[to] = source.RoleIds[from];
        target.DocumentIndices[to] = source.DocumentIndices[from];
        target.Positions[to] = source.Positions[from];
        target.LabelBits[to] = source.LabelBits[from];
    }
}
