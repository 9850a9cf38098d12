using ILGPU;
using ILGPU.Runtime;
using ShoggothLens.Sae.Backends.Ilgpu.Kernels;

namespace ShoggothLens.Sae.Backends.Ilgpu.Selection;

/// <summary>
/// Each row's k largest pre + b_enc over a candidate list, in decreasing order: TopK's main selection
/// and AuxK's (over the dead latents) for every architecture that uses it.
/// </summary>
internal sealed class IlgpuRowTopK(IlgpuResources resources)
{
    /// <summary>
    /// How rows pick their top k: <see cref="TopKSelection.Radix"/> (the GPU default: radix select,
    /// finished by the argmax kernel for rows it flags), <see cref="TopKSelection.Group"/> (k argmax
    /// rounds by a 256-thread group) or <see cref="TopKSelection.Thread"/> (one thread per row, the CPU
    /// accelerator's default: its simulated barriers make group kernels slow there). Same result.
    /// </summary>
    public TopKSelection Mode { get; set; } = resources.Device.IsCuda ? TopKSelection.Radix : TopKSelection.Thread;

    public void Select(int rows, ArrayView<int> candidates, bool useList, int count, int take, ArrayView<int> latents, ArrayView<float> values)
    {
        var k = resources.Kernels;
        var w = resources.Work;
        var bEnc = resources.Parameters.BEnc;
        var perRow = new KernelConfig(new Index1D(rows), new Index1D(resources.Group));
        switch (Mode)
        {
            case TopKSelection.Radix when take <= IlgpuRadixTopKKernels.Buffer:
                k.TopKRadix(perRow, w.Pre.View, bEnc.View, candidates,
                    useList ? 1 : 0, count, resources.DSae, take, latents, values, w.Overflow.View);
                k.TopKGroup(perRow, w.Pre.View, bEnc.View, candidates, count, resources.DSae, take, latents, values, w.Overflow.View, 1);
                break;
            case TopKSelection.Thread:
                k.TopKThread(rows, w.Pre.View, bEnc.View, candidates, count, resources.DSae, take, latents, values);
                break;
            default:
                k.TopKGroup(perRow, w.Pre.View, bEnc.View, candidates, count, resources.DSae, take, latents, values, w.Overflow.View, 0);
                break;
        }
    }
}
