using ShoggothLens.Sae.Backends.Ilgpu.Kernels;

namespace ShoggothLens.Sae.Backends.Ilgpu.Selection;

/// <summary>How <see cref="IlgpuRowTopK"/> selects each row's top k (all give the same result).</summary>
public enum TopKSelection
{
    /// <summary>Radix select (<see cref="IlgpuRadixTopKKernels.RadixTopK"/>), flagged rows finished by <see cref="Group"/>.</summary>
    Radix,
    /// <summary>k argmax rounds by a 256-thread group (<see cref="IlgpuArgmaxTopKKernels.RowTopKGroup"/>).</summary>
    Group,
    /// <summary>One thread per row (<see cref="IlgpuArgmaxTopKKernels.RowTopK"/>).</summary>
    Thread,
}
