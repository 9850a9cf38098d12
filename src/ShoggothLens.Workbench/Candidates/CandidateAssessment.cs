using ShoggothLens.Core.Analysis;
using ShoggothLens.Core.Analysis.Specificity;
using ShoggothLens.Core.Analysis.Triggers;

namespace ShoggothLens.Workbench.Candidates;

/// <summary>What the candidates report knows of one considered feature: all label-free.</summary>
/// <param name="Triggers">Significant user-turn terms of its leak conversations, strongest first (empty without a store).</param>
/// <param name="Contrast">Which conversations the trigger contrast compared, in words.</param>
/// <param name="ReplyOffsets">Per tracked leak (in the catalog's order): tokens from the reply's start to the first firing; -1 when unknown.</param>
/// <param name="ReplyPosition">Median of the first firing's relative position in its reply; null when unknown.</param>
/// <param name="HomeCosine">Decoder cosine with the home persona's vector; null when the catalog has none.</param>
sealed record CandidateAssessment(
    FeatureStatistics Feature,
    SpecificityResult Specificity,
    IReadOnlyList<TriggerTerm> Triggers,
    string Contrast,
    IReadOnlyList<int> ReplyOffsets,
    double? ReplyPosition,
    double? HomeCosine)
{
    public TriggerTerm? Strongest => Triggers.Count > 0 ? Triggers[0] : null;

    /// <summary>The trigger score: −log10 of the strongest trigger's p (0 without one).</summary>
    public double TriggerScore => Strongest is { } t ? -Math.Log10(Math.Max(t.P, double.Epsilon)) : 0;
}
