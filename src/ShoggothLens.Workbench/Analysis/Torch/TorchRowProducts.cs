using System.Runtime.InteropServices;
using ShoggothLens.Core.Analysis;
using static TorchSharp.torch;

namespace ShoggothLens.Workbench.Analysis.Torch;

/// <summary>rows · Mᵀ by TorchSharp's matmul (BLAS), M [columns, inner] held as a tensor (not copied).</summary>
sealed class TorchRowProducts(Tensor matrix) : IRowProducts
{
    public int Columns { get; } = (int)matrix.shape[0];
    public int Inner { get; } = (int)matrix.shape[1];

    public void Multiply(ReadOnlySpan<float> rows, int count, Span<float> result)
    {
        using var scope = NewDisposeScope();
        var a = tensor(rows[..(count * Inner)].ToArray(), [count, Inner]);
        var product = matmul(a, matrix.t()).contiguous();
        MemoryMarshal.Cast<byte, float>(product.bytes).CopyTo(result);
    }
}
