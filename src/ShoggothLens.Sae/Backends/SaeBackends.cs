using ShoggothLens.Sae.Architectures;
using ShoggothLens.Sae.Backends.Ilgpu;
using ShoggothLens.Sae.Backends.Torch;

namespace ShoggothLens.Sae.Backends;

/// <summary>
/// Picks the backend for a run: on Torch, TopK/BatchTopK take the sparse path, Standard/JumpReLU dense
/// autograd. <c>train</c>, <c>gpu-check</c> and <c>bench</c> all build their backends here.
/// </summary>
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

    /// <param name="ilgpu">How an ILGPU backend is built (null: CUDA if present, the default product).</param>
    public static ISaeTrainingBackend Create(BackendChoice choice, SaeTrainingSetup setup, SaeTrainingState state, IlgpuOptions? ilgpu = null) => choice switch
    {
        BackendChoice.Ilgpu => CreateIlgpu(setup, state, ilgpu),
        // auto: the ILGPU backend where it trains the architecture and a CUDA device is present.
        BackendChoice.Auto when HasSparseStep(setup.Architecture) && IlgpuSaeBackend.CudaAvailable() => CreateIlgpu(setup, state, ilgpu),
        _ => HasSparseStep(setup.Architecture) ? new TorchSparseTopKBackend(setup, state) : CreateDenseAutograd(setup, state),
    };

    /// <summary>The ILGPU backend (what <see cref="Create"/> builds for <see cref="BackendChoice.Ilgpu"/>), typed for gpu-check's device-side calls.</summary>
    public static IlgpuSaeBackend CreateIlgpu(SaeTrainingSetup setup, SaeTrainingState state, IlgpuOptions? options = null)
    {
        var o = options ?? new IlgpuOptions();
        return new IlgpuSaeBackend(setup, state, o.ForceCpu, o.Product, o.CpuGroupSize);
    }

    /// <summary>
    /// Plain autograd over dense activations, for any architecture: Torch's step for Standard and
    /// JumpReLU, and the baseline <c>bench train</c> times the sparse step against.
    /// </summary>
    public static ISaeTrainingBackend CreateDenseAutograd(SaeTrainingSetup setup, SaeTrainingState state) => new TorchDenseBackend(setup, state);

    /// <summary>TopK and BatchTopK have a sparse Torch step (and the ILGPU backend is auto's pick for them on a GPU).</summary>
    public static bool HasSparseStep(SaeArchitecture architecture) => architecture is SaeArchitecture.TopK or SaeArchitecture.BatchTopK;
}
