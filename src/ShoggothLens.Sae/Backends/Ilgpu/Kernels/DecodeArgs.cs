using ILGPU;
using ILGPU.Runtime;

namespace ShoggothLens.Sae.Backends.Ilgpu.Kernels;

/// <summary>What one <see cref="IlgpuDecodeKernels.DecodeRows"/> launch decodes (main or AuxK).</summary>
internal readonly struct DecodeArgs
{
    public readonly ArrayView<float> Source, Values, Output, Grad;
    public readonly ArrayView<int> Latents;
    /// <summary>Ragged rows (BatchTopK): row b's entries are [RowStart[b], RowStart[b+1]); unused when Uniform.</summary>
    public readonly ArrayView<int> RowStart;
    public readonly float Sign, Scale;
    public readonly int PerRow, Rectify, SquareSlot, ActiveSlot, Uniform;
    /// <summary>ReLU-L1: ∂pre gains L1Scale·‖W_dec[j]‖ (Norms) and Σ v·‖W_dec[j]‖ goes to sums[SparsitySlot + b]; 0 and −1 otherwise.</summary>
    public readonly ArrayView<float> Norms;
    public readonly float L1Scale;
    public readonly int SparsitySlot;

    public DecodeArgs(ArrayView<float> source, float sign, ArrayView<int> latents, ArrayView<float> values, int perRow, bool rectify,
        ArrayView<float> output, float scale, ArrayView<float> grad, int squareSlot, int activeSlot, ArrayView<int> rowStart, bool uniform,
        ArrayView<float> norms, float l1Scale, int sparsitySlot)
    {
        Norms = norms;
        L1Scale = l1Scale;
        SparsitySlot = sparsitySlot;
        RowStart = rowStart;
        Uniform = uniform ? 1 : 0;
        Source = source;
        Sign = sign;
        Latents = latents;
        Values = values;
        PerRow = perRow;
        Rectify = rectify ? 1 : 0;
        Output = output;
        Scale = scale;
        Grad = grad;
        SquareSlot = squareSlot;
        ActiveSlot = activeSlot;
    }
}
