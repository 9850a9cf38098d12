using ShoggothLens.Sae.Architectures;
using ShoggothLens.Sae.Backends.Ilgpu;
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

    /// <summary>Which backend and device a run uses, for the CLI: "ilgpu-topk on Cuda: NVIDIA H100 …, encoder product: cuBLAS TF32".</summary>
    public static string Describe(ISaeTrainingBackend backend) => backend is IlgpuSaeBackend g
        ? $"{g.Name} on {g.DeviceName}, encoder product: {g.Product}"
        : $"{backend.Name} on the CPU";

    /// <summary>Fails, before any work, on a backend that cannot train <paramref name="setup"/>.</summary>
    public static void Validate(BackendChoice choice, SaeTrainingSetup setup)
    {
        setup.Validate();
        if (choice == BackendChoice.Ilgpu) IlgpuSaeBackend.CheckSupported(setup);
    }

    public static ISaeTrainingBackend Create(BackendChoice choice, SaeTrainingSetup setup, SaeTrainingState state) => choice switch
    {
        BackendChoice.Ilgpu => new IlgpuSaeBackend(setup, state),
        // auto: the ILGPU backend where it trains the architecture and a CUDA device is present.
        BackendChoice.Auto when (setup.Architecture is SaeArchitecture.TopK or SaeArchitecture.BatchTopK) && IlgpuSaeBackend.CudaAvailable() => new IlgpuSaeBackend(setup, state),
        _ => setup.Architecture is SaeArchitecture.TopK or SaeArchitecture.BatchTopK
            ? new TorchSparseTopKBackend(setup, state)
            : new TorchDenseBackend(setup, state),
    };
}
