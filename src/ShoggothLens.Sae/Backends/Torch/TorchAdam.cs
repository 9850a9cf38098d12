using TorchSharp;
using ShoggothLens.Sae.Training;
using static TorchSharp.torch;

namespace ShoggothLens.Sae.Backends.Torch;

/// <summary>
/// PyTorch's single-tensor Adam (torch.optim.Adam, no weight decay, no amsgrad) as in-place
/// libtorch ops on tensors we own, so its moments can be checkpointed and compared exactly.
/// Gradients are multiplied by the clipping factor first (what clip_grad_norm_ does to .grad).
/// </summary>
internal sealed class TorchAdam(AdamSettings settings) : IDisposable
{
    readonly List<(Tensor Parameter, Tensor M, Tensor V)> _slots = [];

    public long Step { get; set; }

    public void Add(Tensor parameter, Tensor m, Tensor v) => _slots.Add((parameter, m, v));

    public (Tensor M, Tensor V) Moments(int index) => (_slots[index].M, _slots[index].V);

    public void Update(float learningRate, float gradScale)
    {
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        Step++;
        double bc1 = 1 - Math.Pow(settings.Beta1, Step);
        double bc2Sqrt = Math.Sqrt(1 - Math.Pow(settings.Beta2, Step));
        double stepSize = learningRate / bc1;
        // Scalars held in `using` locals, not implicit temporaries: a temporary's finalizer may free
        // it while libtorch still reads it (Scalar's handle is a raw IntPtr).
        using var scale = gradScale.ToScalar();
        var oneMinusBeta1 = tensor(1 - settings.Beta1); // lerp_ takes a tensor weight; the dispose scope holds it
        using var beta2 = settings.Beta2.ToScalar();
        using var oneMinusBeta2 = (1 - settings.Beta2).ToScalar();
        using var bc2 = bc2Sqrt.ToScalar();
        using var epsilon = settings.Epsilon.ToScalar();
        using var minusStep = (-stepSize).ToScalar();
        foreach (var (p, m, v) in _slots)
        {
            var g = p.grad;
            if (g is null) continue;
            if (gradScale != 1f) g = g.mul(scale);
            m.lerp_(g, oneMinusBeta1);
            v.mul_(beta2).addcmul_(g, g, oneMinusBeta2);
            var denom = v.sqrt().div_(bc2).PlusInPlace(epsilon);
            p.addcdiv_(m, denom, minusStep);
        }
    }

    public void Dispose()
    {
        foreach (var (_, m, v) in _slots)
        {
            m.Dispose();
            v.Dispose();
        }
    }
}
