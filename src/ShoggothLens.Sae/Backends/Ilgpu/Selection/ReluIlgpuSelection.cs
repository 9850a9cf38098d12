using ILGPU;
using ILGPU.Runtime;

namespace ShoggothLens.Sae.Backends.Ilgpu.Selection;

/// <summary>
/// ReLU-L1 (SAELens "standard"): every positive pre-activation, an L1 penalty weighted by decoder
/// norms (λ·‖W_dec[j]‖/B on ∂pre, λ·(Σ v)/B·W_dec[j]/‖W_dec[j]‖ on ∂W_dec[j]), and no unit-norm decoder.
/// </summary>
internal sealed class ReluIlgpuSelection(IlgpuResources resources) : RaggedIlgpuSelection(resources)
{
    public override string Name => "ilgpu-relu";

    public override void Select(int rows) => SelectEveryPositive(rows, floor: 0);

    public override float L1Scale(StepControls controls, int rows) => controls.SparsityCoefficient / rows;

    public override int SparsitySlot(int rows) => 3 * rows;

    public override void BeforeDecode()
    {
        var r = Resources;
        r.Kernels.DecoderNorms(new KernelConfig(new Index1D(r.DSae), new Index1D(r.Group)), r.Parameters.WDec.View, r.Work.Norms.View, r.DIn);
    }

    public override double SparsityLoss(ReadOnlySpan<float> sums, int rows, long active, float l1Scale, StepControls controls)
    {
        double sparsityLoss = 0;
        for (int b = 0; b < rows; b++) sparsityLoss += sums[3 * rows + b];
        return sparsityLoss * l1Scale;
    }
}
