using static TorchSharp.torch;

namespace ShoggothLens.Models.Transformers.Weights;

/// <summary>
/// Where a model's tensors come from, by Hugging Face name: a checkpoint directory
/// (<see cref="HfWeightSource"/>) or, for a model trained from scratch, an initializer.
/// </summary>
public interface IWeightSource
{
    /// <summary>Names the source in error messages (a directory or file path).</summary>
    string Location { get; }

    bool Contains(string name);

    /// <summary>
    /// A float32 CPU tensor; the caller disposes it. <paramref name="expectedShape"/> is the shape the
    /// config implies (an initializer creates that; a checkpoint's tensor is checked against it).
    /// </summary>
    Tensor Load(string name, IReadOnlyList<long> expectedShape);
}
