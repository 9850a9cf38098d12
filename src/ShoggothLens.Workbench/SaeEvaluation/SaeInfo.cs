using ShoggothLens.Sae.Formats;

namespace ShoggothLens.Workbench.SaeEvaluation;

/// <summary>
/// What an SAE is: its files (layout name as users write it: saelens, sparsify, gemma-scope), its parameter count,
/// and the spread of its decoder rows' L2 norms and (JumpReLU) thresholds.
/// </summary>
public sealed record SaeInfo(LoadedSae Sae, string Layout, long Parameters, WeightRange DecoderNorms, WeightRange? Thresholds);
