namespace ShoggothLens.Sae.Formats.Numpy;

/// <summary>A numpy array read as float32 in C (row-major) order, with the dtype it was stored as.</summary>
public sealed record NpyArray(string Name, string DType, IReadOnlyList<long> Shape, float[] Data)
{
    public long ElementCount => Shape.Aggregate(1L, (a, b) => a * b);
}
