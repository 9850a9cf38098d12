using ShoggothLens.Sae.Architectures;
using ShoggothLens.Sae.Backends;
using ShoggothLens.Sae.Backends.Torch;
using ShoggothLens.Sae.Training;

namespace ShoggothLens.Sae.Tests.Backends;

/// <summary>Torch's side of the shared factory: the sparse step where there is one, dense autograd otherwise and on request.</summary>
public class SaeBackendsTests
{
    [Theory]
    [InlineData(SaeArchitecture.TopK, typeof(TorchSparseTopKBackend))]
    [InlineData(SaeArchitecture.BatchTopK, typeof(TorchSparseTopKBackend))]
    [InlineData(SaeArchitecture.Standard, typeof(TorchDenseBackend))]
    [InlineData(SaeArchitecture.JumpReLU, typeof(TorchDenseBackend))]
    public void Torch_takes_the_sparse_step_for_topk_families_only(SaeArchitecture architecture, Type expected)
    {
        var setup = new SaeTrainingSetup(architecture, 8, 32, K: SaeBackends.HasSparseStep(architecture) ? 2 : 0);
        var initial = SaeInitializer.Create(setup, new SplitMix64(1), new float[8]);
        using var backend = SaeBackends.Create(BackendChoice.Torch, setup, initial);
        Assert.IsType(expected, backend);
        using var dense = SaeBackends.CreateDenseAutograd(setup, initial);
        Assert.IsType<TorchDenseBackend>(dense);
    }
}
