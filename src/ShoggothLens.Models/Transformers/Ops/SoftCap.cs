using TorchSharp;
using static TorchSharp.torch;

namespace ShoggothLens.Models.Transformers.Ops;

internal static class SoftCap
{
    /// <summary>cap · tanh(x / cap), or x itself when there is no cap.</summary>
    public static Tensor Apply(Tensor x, double? cap)
    {
        if (cap is not { } c) return x;
        using var capScalar = c.ToScalar(); // held, not an implicit temporary: see Attention.Compute
        return x.div(capScalar).tanh().mul(capScalar);
    }
}
