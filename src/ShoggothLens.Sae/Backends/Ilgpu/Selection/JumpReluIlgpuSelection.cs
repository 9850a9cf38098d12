using ILGPU;
using ILGPU.Runtime;
using ShoggothLens.Sae.Backends.Ilgpu.Kernels;

namespace ShoggothLens.Sae.Backends.Ilgpu.Selection;

/// <summary>
/// JumpReLU: every pre-activation above its latent's θ = exp(log θ), an L0 penalty λ·(active)/B, and
/// SAELens's straight-through gradient of log θ, which Adam trains with the rest.
/// </summary>
internal sealed class JumpReluIlgpuSelection(IlgpuResources resources) : RaggedIlgpuSelection(resources)
{
    public override string Name => "ilgpu-jumprelu";

    public override void Select(int rows)
    {
        var r = Resources;
        r.Kernels.Thresholds(r.DSae, r.Parameters.LogTheta!.View, r.Work.Theta.View);
        SelectEveryPositive(rows, floor: 1);
    }

    public override void AfterDecode(KernelConfig perRow, ArrayView<float> errors, int rows, float gradScale, StepControls controls)
    {
        var r = Resources;
        var w = r.Work;
        w.GLogTheta.MemSetToZero();
        r.Kernels.ThresholdGradients(perRow, w.Pre.View, r.Parameters.BEnc.View, w.Theta.View, errors, r.Parameters.WDec.View, w.GLogTheta.View,
            r.DSae, r.DIn, r.Setup.JumpReluBandwidth, gradScale, controls.SparsityCoefficient / rows);
    }

    public override bool HasLogThreshold => true;

    public override void UpdateExtraParameters(AdamParams adam)
    {
        var p = Resources.Parameters;
        var w = Resources.Work;
        Resources.Kernels.AdamVector(Resources.DSae, p.LogTheta!.View, p.MLogTheta!.View, p.VLogTheta!.View, w.GLogTheta.View, w.Stats, adam);
    }

    public override double SparsityLoss(ReadOnlySpan<float> sums, int rows, long active, float l1Scale, StepControls controls) =>
        controls.SparsityCoefficient * (double)active / rows; // L0: active latents per token
}
