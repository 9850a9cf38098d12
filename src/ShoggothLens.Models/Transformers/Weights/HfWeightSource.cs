using ShoggothLens.Models.Checkpoints;
using static TorchSharp.torch;

namespace ShoggothLens.Models.Transformers.Weights;

/// <summary>The tensors of a Hugging Face model directory, with load progress and cancellation.</summary>
public sealed class HfWeightSource(HfModelDirectory directory, IProgress<ModelLoadProgress>? progress = null,
    CancellationToken cancellationToken = default) : IWeightSource
{
    int _loaded;

    public string Location => directory.Directory;
    public bool Contains(string name) => directory.Contains(name);

    public Tensor Load(string name, IReadOnlyList<long> expectedShape)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var tensor = directory.Load(name);
        progress?.Report(new ModelLoadProgress(++_loaded, directory.TensorNames.Count, name));
        return tensor;
    }
}

/// <summary>Tensors loaded so far out of those the checkpoint holds (a model may leave some unused).</summary>
public readonly record struct ModelLoadProgress(int Loaded, int InCheckpoint, string LastTensor);
