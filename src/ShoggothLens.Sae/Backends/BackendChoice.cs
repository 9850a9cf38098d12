namespace ShoggothLens.Sae.Backends;

/// <summary><c>--backend auto|torch|ilgpu</c>.</summary>
public enum BackendChoice
{
    Auto,
    Torch,
    Ilgpu,
}

