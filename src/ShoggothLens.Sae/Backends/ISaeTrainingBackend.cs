using ShoggothLens.Sae.Architectures;

namespace ShoggothLens.Sae.Backends;

/// <summary>
/// The contract every trainer backend (Torch CPU today, ILGPU next) keeps: it owns the parameters
/// and optimiser state, and one <see cref="Step"/> does forward, backward, decoder-gradient
/// projection, clipping, Adam and decoder renormalisation on one batch. Every backend computes the
/// same function as <see cref="Torch.TorchDenseBackend"/> (plain autograd), which tests hold them to.
/// </summary>
public interface ISaeTrainingBackend : IDisposable
{
    string Name { get; }
    SaeTrainingSetup Setup { get; }

    /// <summary>One optimiser step on <paramref name="batch"/>: <paramref name="batchSize"/> rows of d_in (already normalised) values.</summary>
    StepStats Step(ReadOnlySpan<float> batch, int batchSize, StepControls controls);

    /// <summary>A copy of parameters and optimiser state, for checkpoints.</summary>
    SaeTrainingState ExportState();

    /// <summary>The weights an inference SAE needs (JumpReLU/BatchTopK: a threshold vector), in training units.</summary>
    SaeParameters CurrentParameters();
}
