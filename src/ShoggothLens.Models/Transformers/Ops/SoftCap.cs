using static TorchSharp.torch;

namespace ShoggothLens.Models.Transformers.Ops;

internal static class SoftCap
{
    /// <summary>cap · tanh(x / cap), or x itself when there is no cap.</summary>
    public static Tensor Apply(Tensor x, double? cap) => cap is { } c ? (x / c).tanh() * c : x;
}
