using ILGPU;
using ILGPU.Runtime;

namespace ShoggothLens.Sae.Backends.Ilgpu.Kernels;

/// <summary>
/// Every kernel of the step, compiled once for one accelerator. Stream kernels take an explicit
/// grid and group (<see cref="KernelConfig"/>); auto-grouped ones an element count.
/// </summary>
internal sealed class IlgpuKernelTable
{
    public readonly Action<Index1D, ArrayView<float>, ArrayView<float>, ArrayView<float>, int, int> Center;
    public readonly Action<KernelConfig, ArrayView<float>, ArrayView<float>, ArrayView<float>, int, int, int> Gemm;
    public readonly Action<Index2D, ArrayView<float>, ArrayView<float>, ArrayView<float>, int, int, int> GemmSimple;
    public readonly Action<KernelConfig, ArrayView<float>, ArrayView<float>, ArrayView<int>, int, int, int, ArrayView<int>, ArrayView<float>, ArrayView<int>, int> TopKGroup;
    public readonly Action<Index1D, ArrayView<float>, ArrayView<float>, ArrayView<int>, int, int, int, ArrayView<int>, ArrayView<float>> TopKThread;
    public readonly Action<KernelConfig, ArrayView<float>, ArrayView<float>, ArrayView<int>, int, int, int, int, ArrayView<int>, ArrayView<float>, ArrayView<int>> TopKRadix;
    public readonly Action<KernelConfig, DecodeArgs, ArrayView<float>, ArrayView<float>, ArrayView<float>, int> Decode;
    public readonly Action<Index1D, ArrayView<int>, ArrayView<float>, int, ArrayView<int>, ArrayView<int>, ArrayView<int>> CountEntries;
    public readonly Action<KernelConfig, ArrayView<int>, ArrayView<int>, ArrayView<int>, int> ScanOffsets;
    public readonly Action<Index1D, ArrayView<int>, ArrayView<float>, int, ArrayView<int>, ArrayView<int>, ArrayView<int>> ScatterEntries;
    public readonly Action<KernelConfig, LatentEntries, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, int> LatentGradients;
    public readonly Action<Index1D, ArrayView<float>, int, int, float, ArrayView<float>> ColumnSums;
    public readonly Action<Index1D, ArrayView<float>, ArrayView<float>, int, int, ArrayView<float>> EncoderBiasTerm;
    public readonly Action<KernelConfig, ArrayView<float>, int, ArrayView<float>, int, float, ArrayView<float>, ArrayView<float>, int> ClipFactor;
    public readonly Action<KernelConfig, ArrayView<int>, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>,
        ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, AdamParams, int, int> AdamRows;
    public readonly Action<KernelConfig, ArrayView<float>, ArrayView<float>, int> DecoderNorms;
    public readonly Action<Index1D, LatentEntries, ArrayView<float>> EncoderBiasGradient;
    public readonly Action<Index1D, ArrayView<int>, ArrayView<int>, int> BatchReset;
    public readonly Action<KernelConfig, ArrayView<float>, ArrayView<float>, int, int, int, int, ArrayView<int>, ArrayView<int>, ArrayView<float>, int, int> BatchHistogram;
    public readonly Action<Index1D, ArrayView<int>, ArrayView<int>, int, int> BatchChoose;
    public readonly Action<KernelConfig, ArrayView<float>, ArrayView<float>, int, ArrayView<int>, ArrayView<int>, ArrayView<int>, ArrayView<float>, int> BatchRowCounts;
    public readonly Action<KernelConfig, ArrayView<int>, ArrayView<int>, ArrayView<int>, int, ArrayView<int>, ArrayView<int>> BatchRowOffsets;
    public readonly Action<KernelConfig, ArrayView<float>, ArrayView<float>, int, ArrayView<int>, ArrayView<int>, ArrayView<int>, ArrayView<int>, ArrayView<float>, ArrayView<int>, ArrayView<float>, int> BatchCollect;
    public readonly Action<Index1D, ArrayView<float>, ArrayView<float>> Thresholds;
    public readonly Action<KernelConfig, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, int, int, float, float, float> ThresholdGradients;
    public readonly Action<KernelConfig, LatentEntries, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>,
        ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, AdamParams, int> FusedGradientAdam;
    public readonly Action<Index1D, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, AdamParams> AdamVector;

    public IlgpuKernelTable(Accelerator acc)
    {
        Center = acc.LoadAutoGroupedStreamKernel<Index1D, ArrayView<float>, ArrayView<float>, ArrayView<float>, int, int>(IlgpuDenseKernels.Center);
        Gemm = acc.LoadStreamKernel<ArrayView<float>, ArrayView<float>, ArrayView<float>, int, int, int>(IlgpuDenseKernels.GemmNT);
        GemmSimple = acc.LoadAutoGroupedStreamKernel<Index2D, ArrayView<float>, ArrayView<float>, ArrayView<float>, int, int, int>(IlgpuDenseKernels.GemmNTSimple);
        TopKThread = acc.LoadAutoGroupedStreamKernel<Index1D, ArrayView<float>, ArrayView<float>, ArrayView<int>, int, int, int, ArrayView<int>, ArrayView<float>>(IlgpuArgmaxTopKKernels.RowTopK);
        TopKGroup = acc.LoadStreamKernel<ArrayView<float>, ArrayView<float>, ArrayView<int>, int, int, int, ArrayView<int>, ArrayView<float>, ArrayView<int>, int>(IlgpuArgmaxTopKKernels.RowTopKGroup);
        TopKRadix = acc.LoadStreamKernel<ArrayView<float>, ArrayView<float>, ArrayView<int>, int, int, int, int, ArrayView<int>, ArrayView<float>, ArrayView<int>>(IlgpuRadixTopKKernels.RadixTopK);
        Decode = acc.LoadStreamKernel<DecodeArgs, ArrayView<float>, ArrayView<float>, ArrayView<float>, int>(IlgpuDecodeKernels.DecodeRows);
        CountEntries = acc.LoadAutoGroupedStreamKernel<Index1D, ArrayView<int>, ArrayView<float>, int, ArrayView<int>, ArrayView<int>, ArrayView<int>>(IlgpuEntrySortKernels.CountEntries);
        ScanOffsets = acc.LoadStreamKernel<ArrayView<int>, ArrayView<int>, ArrayView<int>, int>(IlgpuEntrySortKernels.ScanOffsets);
        ScatterEntries = acc.LoadAutoGroupedStreamKernel<Index1D, ArrayView<int>, ArrayView<float>, int, ArrayView<int>, ArrayView<int>, ArrayView<int>>(IlgpuEntrySortKernels.ScatterEntries);
        LatentGradients = acc.LoadStreamKernel<LatentEntries, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, int>(IlgpuLatentGradientKernels.LatentGradients);
        ColumnSums = acc.LoadAutoGroupedStreamKernel<Index1D, ArrayView<float>, int, int, float, ArrayView<float>>(IlgpuDecoderBiasKernels.ColumnSums);
        EncoderBiasTerm = acc.LoadAutoGroupedStreamKernel<Index1D, ArrayView<float>, ArrayView<float>, int, int, ArrayView<float>>(IlgpuDecoderBiasKernels.EncoderBiasTerm);
        ClipFactor = acc.LoadStreamKernel<ArrayView<float>, int, ArrayView<float>, int, float, ArrayView<float>, ArrayView<float>, int>(IlgpuNormKernels.ClipFactor);
        AdamRows = acc.LoadStreamKernel<ArrayView<int>, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>,
            ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, AdamParams, int, int>(IlgpuAdamKernels.AdamRows);
        DecoderNorms = acc.LoadStreamKernel<ArrayView<float>, ArrayView<float>, int>(IlgpuNormKernels.DecoderNorms);
        BatchReset = acc.LoadAutoGroupedStreamKernel<Index1D, ArrayView<int>, ArrayView<int>, int>(IlgpuRaggedSelectionKernels.Reset);
        BatchHistogram = acc.LoadStreamKernel<ArrayView<float>, ArrayView<float>, int, int, int, int, ArrayView<int>, ArrayView<int>, ArrayView<float>, int, int>(IlgpuRaggedSelectionKernels.Histogram);
        BatchChoose = acc.LoadAutoGroupedStreamKernel<Index1D, ArrayView<int>, ArrayView<int>, int, int>(IlgpuRaggedSelectionKernels.Choose);
        BatchRowCounts = acc.LoadStreamKernel<ArrayView<float>, ArrayView<float>, int, ArrayView<int>, ArrayView<int>, ArrayView<int>, ArrayView<float>, int>(IlgpuRaggedSelectionKernels.RowCounts);
        BatchRowOffsets = acc.LoadStreamKernel<ArrayView<int>, ArrayView<int>, ArrayView<int>, int, ArrayView<int>, ArrayView<int>>(IlgpuRaggedSelectionKernels.RowOffsets);
        BatchCollect = acc.LoadStreamKernel<ArrayView<float>, ArrayView<float>, int, ArrayView<int>, ArrayView<int>, ArrayView<int>, ArrayView<int>, ArrayView<float>, ArrayView<int>, ArrayView<float>, int>(IlgpuRaggedSelectionKernels.Collect);
        Thresholds = acc.LoadAutoGroupedStreamKernel<Index1D, ArrayView<float>, ArrayView<float>>(IlgpuJumpReluKernels.Thresholds);
        ThresholdGradients = acc.LoadStreamKernel<ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, int, int, float, float, float>(IlgpuJumpReluKernels.ThresholdGradients);
        EncoderBiasGradient = acc.LoadAutoGroupedStreamKernel<Index1D, LatentEntries, ArrayView<float>>(IlgpuLatentGradientKernels.EncoderBiasGradient);
        FusedGradientAdam = acc.LoadStreamKernel<LatentEntries, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>,
            ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, AdamParams, int>(IlgpuLatentGradientKernels.FusedGradientAdam);
        AdamVector = acc.LoadAutoGroupedStreamKernel<Index1D, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, AdamParams>(IlgpuAdamKernels.AdamVector);
    }
}
