using TorchSharp;
using static TorchSharp.torch;

namespace ShoggothLens.Sae.Backends.Torch;

/// <summary>
/// Tensor sums whose α is rooted for the process's lifetime. TorchSharp's <c>a + b</c> passes α = 1 as an implicit
/// temporary Scalar that a garbage collection may finalize while libtorch reads it ("Expected false to be true" from
/// c10::Scalar::toFloat); Models/Transformers/Ops/HeldScalars has the story. This project does not reference Models.
/// </summary>
internal static class HeldScalars
{
    static readonly Scalar One = 1.ToScalar();

    /// <summary>a + b.</summary>
    public static Tensor Plus(this Tensor a, Tensor b) => a.add(b, One);

    /// <summary>a += b, in place.</summary>
    public static Tensor PlusInPlace(this Tensor a, Tensor b) => a.add_(b, One);

    /// <summary>a += s, in place (hold <paramref name="s"/> in a local: it is read during the call).</summary>
    public static Tensor PlusInPlace(this Tensor a, Scalar s) => a.add_(s, One);
}
