using System.Numerics.Tensors;

namespace ShoggothLens.Core.Analysis;

/// <summary>
/// Products of row vectors with a fixed matrix M [Columns, Inner] (row-major): result[i, j] = rows[i] · M[j].
/// The analysis computes logit effects (M = the unembedding) and decoder cosines (M = the unit decoder) through
/// this, so a caller can supply a BLAS-backed implementation (the CLI uses TorchSharp).
/// </summary>
public interface IRowProducts
{
    int Columns { get; }
    int Inner { get; }
    /// <summary>rows [count, Inner] → result [count, Columns].</summary>
    void Multiply(ReadOnlySpan<float> rows, int count, Span<float> result);
}

/// <summary>Managed <see cref="IRowProducts"/>: one SIMD dot product (System.Numerics.Tensors) per cell, rows in parallel.</summary>
public sealed class ManagedRowProducts(float[] matrix, int columns, int inner) : IRowProducts
{
    public int Columns { get; } = columns == 0 || matrix.LongLength == (long)columns * inner ? columns
        : throw new ArgumentException($"matrix holds {matrix.LongLength} values, not {columns}·{inner}");
    public int Inner { get; } = inner;

    public void Multiply(ReadOnlySpan<float> rows, int count, Span<float> result)
    {
        var input = rows[..(count * Inner)].ToArray();
        var output = new float[(long)count * Columns];
        int n = Columns, k = Inner;
        Parallel.For(0, count, i =>
        {
            var row = input.AsSpan(i * k, k);
            for (int j = 0; j < n; j++) output[(long)i * n + j] = TensorPrimitives.Dot(row, matrix.AsSpan(j * k, k));
        });
        output.CopyTo(result);
    }
}
