using ILGPU;
using ILGPU.Runtime;

namespace ShoggothLens.Sae.Backends.Ilgpu.Kernels;

/// <summary>
/// A step's (row, latent) entries counting-sorted by latent (<see cref="IlgpuEntrySortKernels"/>), with what the
/// gradient kernels need to turn each entry into its share of the latent's gradient rows.
/// </summary>
internal readonly struct LatentEntries
{
    /// <summary>offsets[j]..offsets[j+1] is latent j's segment of <see cref="List"/> (entry ids).</summary>
    public readonly ArrayView<int> Offsets, List;
    /// <summary>Entries below MainCount are main (b·K + r); the rest aux (MainCount + b·KAux + r).</summary>
    public readonly int MainCount, K, KAux, Rows;
    public readonly ArrayView<float> MainValues, MainGrad, AuxValues, AuxGrad;
    /// <summary>(2/B) and (2c/B)·scale of AuxK: the decoder-gradient coefficients.</summary>
    public readonly float GradScale, AuxGradScale;
    /// <summary>Row of each main entry when rows are ragged (BatchTopK, UniformMain 0); else row = entry / K.</summary>
    public readonly ArrayView<int> MainRow;
    public readonly int UniformMain;
    /// <summary>TopK/BatchTopK keep decoder rows at unit norm (project the gradient, renormalise after Adam); ReLU-L1 does not.</summary>
    public readonly int UnitNorm;
    /// <summary>ReLU-L1: ∂W_dec[j] gains L1Scale·(Σ v)·W_dec[j]/‖W_dec[j]‖ (Norms); 0 otherwise.</summary>
    public readonly float L1Scale;
    public readonly ArrayView<float> Norms;

    public LatentEntries(ArrayView<int> offsets, ArrayView<int> list, int mainCount, int k, int kAux, int rows,
        ArrayView<float> mainValues, ArrayView<float> mainGrad, ArrayView<float> auxValues, ArrayView<float> auxGrad, float gradScale, float auxGradScale,
        ArrayView<int> mainRow, bool uniformMain, bool unitNorm, float l1Scale, ArrayView<float> norms)
    {
        UnitNorm = unitNorm ? 1 : 0;
        L1Scale = l1Scale;
        Norms = norms;
        MainRow = mainRow;
        UniformMain = uniformMain ? 1 : 0;
        Offsets = offsets;
        List = list;
        MainCount = mainCount;
        K = k;
        KAux = kAux;
        Rows = rows;
        MainValues = mainValues;
        MainGrad = mainGrad;
        AuxValues = auxValues;
        AuxGrad = auxGrad;
        GradScale = gradScale;
        AuxGradScale = auxGradScale;
    }
}
