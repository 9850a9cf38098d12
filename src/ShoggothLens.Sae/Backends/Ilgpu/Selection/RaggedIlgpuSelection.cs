using ILGPU;
using ILGPU.Runtime;
using ShoggothLens.Sae.Backends.Ilgpu.Kernels;

namespace ShoggothLens.Sae.Backends.Ilgpu.Selection;

/// <summary>
/// Selections whose rows hold different numbers of entries (<see cref="IlgpuRaggedSelectionKernels"/>):
/// a cut over the batch's values is found on the device, then each row counts, places and collects
/// its entries in latent order.
/// </summary>
internal abstract class RaggedIlgpuSelection(IlgpuResources resources) : IlgpuSelection(resources)
{
    public override bool Ragged => true;

    /// <summary>One entry per row to start with; selections of every positive value grow it to the batch's count.</summary>
    public override long MainCapacity(int rows) => rows;

    protected KernelConfig PerRow(int rows) => new(new Index1D(rows), new Index1D(Resources.Group));

    protected KernelConfig Single => new(new Index1D(1), new Index1D(Resources.Group));

    /// <summary>
    /// Every positive pre + b_enc as ragged rows (BatchTopK's kernels with a count no batch reaches);
    /// with <paramref name="floor"/> 1 only those above their latent's threshold θ too.
    /// </summary>
    protected void SelectEveryPositive(int rows, int floor)
    {
        var k = Resources.Kernels;
        var w = Resources.Work;
        var perRow = PerRow(rows);
        k.BatchReset(IlgpuRaggedSelectionKernels.Bins, w.BatchState.View, w.BatchHist.View, int.MaxValue);
        k.BatchHistogram(perRow, w.Pre.View, Resources.Parameters.BEnc.View, Resources.DSae, 21, 10, 0, w.BatchState.View, w.BatchHist.View, w.Theta.View, floor, 1);
        k.BatchChoose(1, w.BatchState.View, w.BatchHist.View, 10, 0);
        // The positive count sizes the entry arrays: one small read-back.
        int positives = ((ArrayView<int>)w.BatchState.View).SubView(IlgpuRaggedSelectionKernels.StatePositives, 1).GetAsArray()[0];
        w.EnsureMain(positives);
        w.MainVal.MemSetToZero();
        Collect(rows, floor);
    }

    /// <summary>With the cut chosen: per-row counts, row offsets (ties taken in row order), then each row's entries.</summary>
    protected void Collect(int rows, int floor)
    {
        var k = Resources.Kernels;
        var w = Resources.Work;
        var bEnc = Resources.Parameters.BEnc;
        var perRow = PerRow(rows);
        k.BatchRowCounts(perRow, w.Pre.View, bEnc.View, Resources.DSae, w.BatchState.View, w.RowAbove.View, w.RowTies.View, w.Theta.View, floor);
        k.BatchRowOffsets(Single, w.RowAbove.View, w.RowTies.View, w.BatchState.View, rows, w.RowTake.View, w.RowStart.View);
        k.BatchCollect(perRow, w.Pre.View, bEnc.View, Resources.DSae, w.BatchState.View, w.RowTake.View, w.RowStart.View, w.MainLat.View, w.MainVal.View,
            w.EntryRow.View, w.Theta.View, floor);
    }
}
