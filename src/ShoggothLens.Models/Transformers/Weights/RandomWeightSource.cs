using ShoggothLens.Models.Transformers.Ops;
using TorchSharp;
using static TorchSharp.torch;

namespace ShoggothLens.Models.Transformers.Weights;

/// <summary>
/// Seeded random weights of whatever shape the config implies: norm weights near 1, everything
/// else N(0, 0.1²). For tests and benchmarks that need a model of a given shape, not a trained one.
/// </summary>
public sealed class RandomWeightSource(int seed = 0) : IWeightSource
{
    readonly Generator _generator = new((ulong)seed);

    public string Location => "random weights";
    public bool Contains(string name) => true;

    public Tensor Load(string name, IReadOnlyList<long> expectedShape)
    {
        var shape = expectedShape.ToArray();
        using var noise = randn(shape, generator: _generator);
        bool normWeight = shape.Length == 1 && (name.Contains("norm") || name.Contains("ln")) && name.EndsWith(".weight");
        using var tenth = 0.1.ToScalar(); // held, not implicit temporaries: see Ops.HeldScalars
        using var one = 1.0.ToScalar();
        return normWeight ? noise.mul(tenth).Plus(one) : noise.mul(tenth);
    }
}
