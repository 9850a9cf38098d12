using ILGPU.Runtime;
using ShoggothLens.Sae.Backends.Ilgpu.Kernels;

namespace ShoggothLens.Sae.Backends.Ilgpu.Selection;

/// <summary>BatchTopK: the k·rows largest positive pre + b_enc of the batch, as ragged rows; then the inference threshold.</summary>
internal sealed class BatchTopKIlgpuSelection(IlgpuResources resources) : RaggedIlgpuSelection(resources)
{
    public override string Name => "ilgpu-batchtopk";

    public override long MainCapacity(int rows) => (long)rows * Resources.Setup.K;

    public override void Select(int rows)
    {
        var k = Resources.Kernels;
        var w = Resources.Work;
        var perRow = PerRow(rows);
        w.MainVal.MemSetToZero(); // entries past the batch's total stay inactive
        k.BatchReset(IlgpuRaggedSelectionKernels.Bins, w.BatchState.View, w.BatchHist.View, Resources.Setup.K * rows);
        for (int pass = 0; pass < 3; pass++)
        {
            var (shift, bits) = IlgpuRaggedSelectionKernels.Round(pass);
            k.BatchHistogram(perRow, w.Pre.View, Resources.Parameters.BEnc.View, Resources.DSae, shift, bits, pass, w.BatchState.View, w.BatchHist.View,
                w.Theta.View, 0, 0);
            k.BatchChoose(1, w.BatchState.View, w.BatchHist.View, bits, pass);
        }
        Collect(rows, floor: 0);
    }

    /// <summary>BatchTopK's inference threshold: an average of each batch's smallest kept activation (as the Torch step).</summary>
    public override void AfterReadBack()
    {
        var state = Resources.Work.BatchState.GetAsArray1D();
        bool takeAll = state[IlgpuRaggedSelectionKernels.StateAll] != 0;
        float smallest = takeAll
            ? (state[IlgpuRaggedSelectionKernels.StatePositives] > 0 ? BitConverter.Int32BitsToSingle(state[IlgpuRaggedSelectionKernels.StateMinPositive]) : float.PositiveInfinity)
            : BitConverter.Int32BitsToSingle(state[IlgpuRaggedSelectionKernels.StatePrefix]);
        if (float.IsFinite(smallest))
        {
            var p = Resources.Parameters;
            float rate = Resources.Setup.BatchTopKThresholdRate;
            p.BatchThreshold = (1 - rate) * p.BatchThreshold + rate * smallest;
        }
    }
}
