namespace ShoggothLens.Sae.Training;

/// <summary>Adam's constants (PyTorch defaults). The learning rate is scheduled per step, not fixed here.</summary>
public sealed record AdamSettings(float Beta1 = 0.9f, float Beta2 = 0.999f, float Epsilon = 1e-8f);
