namespace ShoggothLens.Sae.Backends.Ilgpu.Kernels;

/// <summary>PyTorch's Adam constants for one step, plus the clipping factor applied to every gradient.</summary>
internal readonly struct AdamParams
{
    public readonly float Beta1, Beta2, Epsilon, StepSize, BiasCorrection2Sqrt, Clip;

    public AdamParams(float beta1, float beta2, float epsilon, float stepSize, float biasCorrection2Sqrt, float clip)
    {
        Beta1 = beta1;
        Beta2 = beta2;
        Epsilon = epsilon;
        StepSize = stepSize;
        BiasCorrection2Sqrt = biasCorrection2Sqrt;
        Clip = clip;
    }
}
