using ILGPU;
using ILGPU.Runtime;

namespace ShoggothLens.Sae.Backends.Ilgpu.Kernels;

/// <summary>JumpReLU's per-latent thresholds θ = exp(log θ) and their straight-through gradient.</summary>
internal static class IlgpuJumpReluKernels
{
    /// <summary>JumpReLU: θ[j] = exp(log θ[j]), one thread per latent.</summary>
    public static void Thresholds(Index1D j, ArrayView<float> logTheta, ArrayView<float> theta) => theta[j] = MathF.Exp(logTheta[j]);

    /// <summary>
    /// JumpReLU's straight-through gradient of log θ (SAELens; <see cref="Torch.JumpReluSte"/>): row b =
    /// Grid.IdxX scans its pre-activations for those within the bandwidth ε of the threshold
    /// (−½ &lt; (z−θ)/ε &lt; ½, active or not: rare), and adds θ·∂θ to gLogTheta[j], where
    /// ∂θ = (2/B)·⟨e_b, W_dec[j]⟩·(−θ/ε) (the JumpReLU term) + (λ/B)·(−1/ε) (the L0 term).
    /// </summary>
    public static void ThresholdGradients(ArrayView<float> pre, ArrayView<float> bias, ArrayView<float> theta, ArrayView<float> errors,
        ArrayView<float> wDec, ArrayView<float> gLogTheta, int width, int dIn, float bandwidth, float gradScale, float l0Scale)
    {
        int b = Grid.IdxX, t = Group.IdxX;
        long rowOffset = (long)b * width;
        for (int j = t; j < width; j += Group.DimX)
        {
            float z = pre[rowOffset + j] + bias[j];
            float th = theta[j];
            float u = (z - th) / bandwidth;
            if (!(u > -0.5f && u < 0.5f)) continue;
            float dot = 0;
            for (int i = 0; i < dIn; i++) dot += errors[b * dIn + i] * wDec[j * dIn + i];
            float gTheta = gradScale * dot * (-th / bandwidth) + l0Scale * (-1f / bandwidth);
            Atomic.Add(ref gLogTheta[j], th * gTheta);
        }
    }
}
