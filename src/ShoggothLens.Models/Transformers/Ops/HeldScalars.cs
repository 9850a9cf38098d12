using TorchSharp;
using static TorchSharp.torch;

namespace ShoggothLens.Models.Transformers.Ops;

/// <summary>
/// Tensor sums whose α is a Scalar that lives for the whole process. TorchSharp's <c>a + b</c>,
/// <c>a.add(b)</c> and <c>a.add(scalar)</c> pass α = 1 as an implicit temporary Scalar: once its raw handle is read, nothing
/// keeps the temporary alive, so a garbage collection on another thread may run its finalizer, which frees the native
/// Scalar while libtorch is still reading it. It failed a test run in the organism trainer's forward pass with "Expected
/// false to be true" from c10::Scalar::toFloat (the same failure Attention.Compute's held scalars answer). A static
/// Scalar is rooted, so it is never finalized; libtorch only reads it, so threads may share it. (<c>sub</c> takes no α
/// in TorchSharp 0.107, so <c>a - b</c> is safe; a Scalar argument of any op must still be held in a local.)
/// </summary>
public static class HeldScalars
{
    /// <summary>α = 1, rooted for the process's lifetime.</summary>
    public static readonly Scalar One = 1.ToScalar();

    /// <summary>a + b.</summary>
    public static Tensor Plus(this Tensor a, Tensor b) => a.add(b, One);

    /// <summary>a + s (hold <paramref name="s"/> in a local or a field: it is read during the call).</summary>
    public static Tensor Plus(this Tensor a, Scalar s) => a.add(s, One);
}
