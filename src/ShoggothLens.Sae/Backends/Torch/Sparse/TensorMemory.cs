using TorchSharp;
using static TorchSharp.torch;

namespace ShoggothLens.Sae.Backends.Torch.Sparse;

/// <summary>
/// Raw pointers into contiguous CPU tensors, for the hand-written kernels of the sparse path.
/// libtorch never moves a tensor's memory, so a pointer stays valid while the tensor lives.
/// </summary>
internal static unsafe class TensorMemory
{
    public static float* Floats(Tensor tensor)
    {
        Check(tensor, ScalarType.Float32);
        // A one-element view gives the data pointer without the 2 GiB limit of a Span over the whole tensor.
        using var flat = tensor.view(-1);
        using var head = flat.narrow(0, 0, 1);
        fixed (byte* p = head.bytes) return (float*)p;
    }

    static void Check(Tensor tensor, ScalarType type)
    {
        if (tensor.dtype != type) throw new ArgumentException($"expected a {type} tensor, got {tensor.dtype}");
        if (tensor.device_type != DeviceType.CPU) throw new ArgumentException("expected a CPU tensor");
        if (!tensor.is_contiguous()) throw new ArgumentException("expected a contiguous tensor");
        if (tensor.numel() == 0) throw new ArgumentException("expected a non-empty tensor");
    }
}
