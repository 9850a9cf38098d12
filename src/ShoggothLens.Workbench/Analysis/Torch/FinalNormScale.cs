using System.Runtime.InteropServices;
using ShoggothLens.Models.Transformers;
using static TorchSharp.torch;

namespace ShoggothLens.Workbench.Analysis.Torch;

/// <summary>The per-dimension scale γ of a model's final norm, which logit effects fold into the unembedding.</summary>
static class FinalNormScale
{
    /// <summary>
    /// γ read through <see cref="ICausalLm.ApplyFinalNorm"/>: for a zero-mean input u with mean square s²
    /// (u = ±1000 alternating, centred), LayerNorm and RMSNorm both give N(u) − N(−u) = 2·u·γ / √(s² + ε), so
    /// γ_i = (N(u) − N(−u))_i · √(s² + ε) / (2 u_i) — the bias cancels and ε (≤ 1e-5 against s² ≈ 10⁶) is
    /// negligible. Gemma's (1 + w) scale comes out as it is applied.
    /// </summary>
    public static float[] Of(ICausalLm model)
    {
        int d = model.Config.DModel;
        var u = new double[d];
        for (int i = 0; i < d; i++) u[i] = i % 2 == 0 ? 1000 : -1000;
        double mean = u.Average();
        for (int i = 0; i < d; i++) u[i] -= mean;
        double meanSquare = u.Sum(v => v * v) / d;
        var plus = u.Select(v => (float)v).ToArray();
        var minus = u.Select(v => (float)-v).ToArray();
        using var scope = NewDisposeScope();
        var outPlus = model.ApplyFinalNorm(tensor(plus, [1, d])).contiguous();
        var outMinus = model.ApplyFinalNorm(tensor(minus, [1, d])).contiguous();
        var p = MemoryMarshal.Cast<byte, float>(outPlus.bytes).ToArray();
        var m = MemoryMarshal.Cast<byte, float>(outMinus.bytes).ToArray();
        var gamma = new float[d];
        for (int i = 0; i < d; i++) gamma[i] = (float)((p[i] - (double)m[i]) * Math.Sqrt(meanSquare + model.Config.NormEps) / (2 * u[i]));
        return gamma;
    }
}
