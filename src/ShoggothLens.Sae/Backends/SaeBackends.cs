using ShoggothLens.Sae.Architectures;
using ShoggothLens.Sae.Backends.Torch;

namespace ShoggothLens.Sae.Backends;

/// <summary>Picks the backend for a run: on Torch, TopK/BatchTopK take the sparse path, Standard/JumpReLU dense autograd.</summary>
public static class SaeBackends
{
    public static BackendChoice Parse(string name) => name.Trim().ToLowerInvariant() switch
    {
        "auto" => BackendChoice.Auto,
        "torch" => BackendChoice.Torch,
        "ilgpu" => BackendChoice.Ilgpu,
        _ => throw new ArgumentException($"unknown backend '{name}' (expected auto, torch or ilgpu)"),
    };

    public static ISaeTrainingBackend Create(BackendChoice choice, SaeTrainingSetup setup, SaeTrainingState state) => choice switch
    {
        BackendChoice.Ilgpu => throw new ArgumentException(
            "the ILGPU backend is not built yet (it arrives with the GPU issue behind the same ISaeTrainingBackend contract); use --backend torch or auto"),
        _ => setup.Architecture is SaeArchitecture.TopK or SaeArchitecture.BatchTopK
            ? new TorchSparseTopKBackend(setup, state)
            : new TorchDenseBackend(setup, state),
    };
}
