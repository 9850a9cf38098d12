using TorchSharp;
using static TorchSharp.torch;

namespace ShoggothLens.Models.Transformers.Ops;

/// <summary>The normalizations of the supported families, as functions of weight tensors.</summary>
internal static class Norms
{
    public static Tensor LayerNorm(Tensor x, Tensor weight, Tensor bias, double eps) =>
        nn.functional.layer_norm(x, [x.shape[^1]], weight, bias, eps);

    /// <summary>Llama RMSNorm: w · x / sqrt(mean(x²) + eps).</summary>
    public static Tensor RmsNorm(Tensor x, Tensor weight, double eps) => Normalize(x, eps) * weight;

    /// <summary>Gemma RMSNorm: (1 + w) · x / sqrt(mean(x²) + eps).</summary>
    public static Tensor RmsNormPlusOne(Tensor x, Tensor weight, double eps)
    {
        using var one = 1.0.ToScalar(); // held, not an implicit temporary: see Attention.Compute
        return Normalize(x, eps) * weight.Plus(one);
    }

    static Tensor Normalize(Tensor x, double eps)
    {
        using var two = 2.ToScalar();
        using var epsilon = eps.ToScalar();
        return x * x.pow(two).mean([-1], keepdim: true).Plus(epsilon).rsqrt();
    }
}
