using ShoggothLens.Sae.Metrics;

namespace ShoggothLens.Workbench.SaeEvaluation;

/// <summary>An SAE's metrics on a store: L0, MSE, FVE, dead and dense fractions, and CE loss recovered when a model was given.</summary>
public sealed record SaeEvalResult(string SaePath, string Hook, SaeMetrics Metrics, CeLossRecovered? CeLoss);
