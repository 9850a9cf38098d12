namespace ShoggothLens.Workbench.Inspect;

/// <summary>A feature and its activation at one token.</summary>
public readonly record struct FeatureActivation(int Feature, float Activation);
