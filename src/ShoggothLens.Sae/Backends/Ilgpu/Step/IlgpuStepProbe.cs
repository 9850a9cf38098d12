namespace ShoggothLens.Sae.Backends.Ilgpu.Step;

/// <summary>What tests switch and read inside a step: the path taken, the selection, the gradients.</summary>
internal sealed class IlgpuStepProbe
{
    /// <summary>Tests turn this off to compare the fused and two-pass paths.</summary>
    public bool UseFusedPath { get; set; } = true;

    /// <summary>Read each step's gradients (after the decoder projection, before clipping); forces the two-pass path.</summary>
    public bool CaptureGradients { get; set; }
    public Dictionary<string, float[]>? CapturedGradients { get; set; }

    /// <summary>Read each step's main selection into <see cref="LastSelection"/>.</summary>
    public bool CaptureSelection { get; set; }

    /// <summary>The last step's selection: latents and pre-activations of the main entries ([rows, k] in decreasing order for TopK).</summary>
    public (int[] Latents, float[] Values) LastSelection { get; set; } = ([], []);
}
