namespace ShoggothLens.Sae.Backends.Ilgpu.Selection;

/// <summary>TopK: each row's k largest pre + b_enc (<see cref="IlgpuRowTopK"/>), k entries per row.</summary>
internal sealed class TopKIlgpuSelection(IlgpuResources resources, IlgpuRowTopK rowTopK) : IlgpuSelection(resources)
{
    public override string Name => "ilgpu-topk";

    public override bool Ragged => false;

    public override long MainCapacity(int rows) => (long)rows * Resources.Setup.K;

    public override void Select(int rows)
    {
        var w = Resources.Work;
        rowTopK.Select(rows, w.AllLatents.View, useList: false, Resources.DSae, Resources.Setup.K, w.MainLat.View, w.MainVal.View);
    }
}
