using ILGPU;
using ILGPU.Runtime;
using ShoggothLens.Sae.Architectures;
using ShoggothLens.Sae.Backends.Ilgpu.Kernels;

namespace ShoggothLens.Sae.Backends.Ilgpu.Selection;

/// <summary>
/// One architecture's part of the ILGPU step: how it selects each token's active latents (the main
/// entries) and what it adds to the shared step around them (a sparsity penalty, thresholds, an
/// inference threshold). The step calls the hooks in a fixed order; the defaults add nothing.
/// </summary>
internal abstract class IlgpuSelection(IlgpuResources resources)
{
    protected IlgpuResources Resources { get; } = resources;

    /// <summary>The backend's name: "ilgpu-topk", "ilgpu-batchtopk", "ilgpu-relu" or "ilgpu-jumprelu".</summary>
    public abstract string Name { get; }

    /// <summary>Rows hold different numbers of entries (row offsets in the workspace's RowStart), not k each.</summary>
    public abstract bool Ragged { get; }

    /// <summary>TopK and BatchTopK keep decoder rows at unit norm (gradient projected, row renormalised); ReLU-L1 and JumpReLU do not.</summary>
    public bool UnitNormDecoder => Resources.Setup.Architecture.HasUnitNormDecoder();

    /// <summary>Main entries a batch of this many rows starts with.</summary>
    public abstract long MainCapacity(int rows);

    /// <summary>Writes the main entries (latent, pre + b_enc) from the encoder product.</summary>
    public abstract void Select(int rows);

    /// <summary>ReLU-L1: the L1 coefficient per token (λ/B); 0 without an L1 term.</summary>
    public virtual float L1Scale(StepControls controls, int rows) => 0f;

    /// <summary>Where the decode writes each row's L1 sum (−1: none).</summary>
    public virtual int SparsitySlot(int rows) => -1;

    /// <summary>Before the main decode (ReLU-L1: the decoder row norms its L1 weights by).</summary>
    public virtual void BeforeDecode() { }

    /// <summary>After both decodes, with the error rows (JumpReLU: the threshold gradients).</summary>
    public virtual void AfterDecode(KernelConfig perRow, ArrayView<float> errors, int rows, float gradScale, StepControls controls) { }

    /// <summary>JumpReLU trains log θ beside the weights: it counts in the gradient norm and is captured in tests.</summary>
    public virtual bool HasLogThreshold => false;

    /// <summary>Adam on parameters beyond the weights and biases (JumpReLU: log θ).</summary>
    public virtual void UpdateExtraParameters(AdamParams adam) { }

    /// <summary>After the step's read-back (BatchTopK: its inference threshold).</summary>
    public virtual void AfterReadBack() { }

    /// <summary>The sparsity term of the loss from the read-back row sums and active count.</summary>
    public virtual double SparsityLoss(ReadOnlySpan<float> sums, int rows, long active, float l1Scale, StepControls controls) => 0;

    public static IlgpuSelection Create(IlgpuResources resources, IlgpuRowTopK rowTopK) => resources.Setup.Architecture switch
    {
        SaeArchitecture.TopK => new TopKIlgpuSelection(resources, rowTopK),
        SaeArchitecture.BatchTopK => new BatchTopKIlgpuSelection(resources),
        SaeArchitecture.Standard => new ReluIlgpuSelection(resources),
        SaeArchitecture.JumpReLU => new JumpReluIlgpuSelection(resources),
        var other => throw new ArgumentException($"the ILGPU backend does not train {other} SAEs; use --backend torch"),
    };
}
