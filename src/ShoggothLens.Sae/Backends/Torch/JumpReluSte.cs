using TorchSharp;
using static TorchSharp.torch;

namespace ShoggothLens.Sae.Backends.Torch;

/// <summary>
/// The straight-through estimators of JumpReLU training (Rajamanoharan et al. 2024, as SAELens
/// implements them), written with detach so plain autograd computes them:
/// <code>
/// JumpReLU(z, θ) = z·H(z−θ);   ∂/∂z = H(z−θ);   ∂/∂θ = −(θ/ε)·K((z−θ)/ε)
/// Step(z, θ)     = H(z−θ);     ∂/∂z = 0;        ∂/∂θ = −(1/ε)·K((z−θ)/ε)
/// </code>
/// with K the rectangle kernel 1[−½ &lt; u &lt; ½] and ε the bandwidth. Each is value + c·(θ − θ.detach()):
/// the second term is zero in value and has exactly gradient c with respect to θ.
/// </summary>
internal static class JumpReluSte
{
    public static Tensor JumpReLU(Tensor pre, Tensor threshold, float bandwidth)
    {
        using var scope = NewDisposeScope();
        var (heaviside, kernel) = Parts(pre, threshold, bandwidth);
        using var width = bandwidth.ToScalar(); // held, not an implicit temporary (see TorchDenseBackend.Step)
        var thetaGrad = threshold.detach().neg().div(width).mul(kernel);
        return (pre * heaviside).Plus(thetaGrad * (threshold - threshold.detach())).MoveToOuterDisposeScope();
    }

    public static Tensor Step(Tensor pre, Tensor threshold, float bandwidth)
    {
        using var scope = NewDisposeScope();
        var (heaviside, kernel) = Parts(pre, threshold, bandwidth);
        using var slope = (-1f / bandwidth).ToScalar();
        var thetaGrad = kernel.mul(slope);
        return heaviside.Plus(thetaGrad * (threshold - threshold.detach())).MoveToOuterDisposeScope();
    }

    static (Tensor Heaviside, Tensor Kernel) Parts(Tensor pre, Tensor threshold, float bandwidth)
    {
        var z = pre.detach();
        var t = threshold.detach();
        var heaviside = z.gt(t).to_type(ScalarType.Float32);
        using var width = bandwidth.ToScalar();
        using var minusHalf = (-0.5).ToScalar();
        using var half = 0.5.ToScalar();
        var u = (z - t).div_(width);
        var kernel = u.gt(minusHalf).logical_and_(u.lt(half)).to_type(ScalarType.Float32);
        return (heaviside, kernel);
    }
}
