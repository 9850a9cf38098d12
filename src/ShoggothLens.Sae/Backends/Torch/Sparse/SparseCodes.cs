namespace ShoggothLens.Sae.Backends.Torch.Sparse;

/// <summary>
/// The selected latents of a batch, by row (CSR): row b owns entries [RowStart[b], RowStart[b+1]),
/// each a latent index and its pre-activation (the activation is its ReLU). Arrays are pinned and
/// grow as needed, so a steady run allocates nothing per step.
/// </summary>
internal sealed unsafe class SparseCodes
{
    int[] _rowStart = [];
    int[] _latents = [];
    float[] _values = [];

    public int Rows { get; private set; }
    public int Count => Rows == 0 ? 0 : _rowStart[Rows];

    public int* RowStart { get; private set; }
    public int* Latents { get; private set; }
    public float* Values { get; private set; }

    /// <summary>Makes room for <paramref name="rows"/> rows and <paramref name="capacity"/> entries.</summary>
    public void Reset(int rows, int capacity)
    {
        if (_rowStart.Length < rows + 1)
        {
            _rowStart = GC.AllocateUninitializedArray<int>(rows + 1, pinned: true);
            RowStart = (int*)System.Runtime.CompilerServices.Unsafe.AsPointer(ref _rowStart[0]);
        }
        if (_latents.Length < capacity)
        {
            _latents = GC.AllocateUninitializedArray<int>(Math.Max(1, capacity), pinned: true);
            _values = GC.AllocateUninitializedArray<float>(Math.Max(1, capacity), pinned: true);
            Latents = (int*)System.Runtime.CompilerServices.Unsafe.AsPointer(ref _latents[0]);
            Values = (float*)System.Runtime.CompilerServices.Unsafe.AsPointer(ref _values[0]);
        }
        Rows = rows;
        RowStart[0] = 0;
    }

    /// <summary>Every row holds exactly <paramref name="perRow"/> entries (TopK, AuxK).</summary>
    public void SetUniform(int rows, int perRow)
    {
        Reset(rows, rows * perRow);
        for (int b = 0; b <= rows; b++) RowStart[b] = b * perRow;
    }
}
