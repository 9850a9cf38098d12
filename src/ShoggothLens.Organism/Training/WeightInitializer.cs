using ShoggothLens.Models.Transformers.Weights;
using TorchSharp;
using static TorchSharp.torch;

namespace ShoggothLens.Organism.Training;

/// <summary>
/// Fresh weights for training from scratch, GPT-2 / Llama style: every matrix N(0, 0.02), the
/// projections that write into the residual stream (<c>o_proj</c>, <c>down_proj</c>) scaled by
/// 1/√(2·layers) so the stream's variance does not grow with depth, norm weights 1. Drawn from
/// one seeded generator in the order the model asks for them, so a seed gives the same model.
/// </summary>
public sealed class WeightInitializer(int layers, ulong seed) : IWeightSource
{
    public const double Std = 0.02;

    readonly Generator _generator = new(seed);

    public string Location => "initializer";
    public bool Contains(string name) => true;

    public Tensor Load(string name, IReadOnlyList<long> expectedShape)
    {
        var shape = expectedShape.ToArray();
        if (shape.Length == 1)
            return name.EndsWith("norm.weight", StringComparison.Ordinal) ? ones(shape) : zeros(shape);
        double std = name.EndsWith("o_proj.weight", StringComparison.Ordinal) || name.EndsWith("down_proj.weight", StringComparison.Ordinal)
            ? Std / Math.Sqrt(2.0 * layers)
            : Std;
        return normal(0, std, shape, generator: _generator);
    }
}
