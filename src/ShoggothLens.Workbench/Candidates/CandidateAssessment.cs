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
    /// <summary>
    /// The least share of its leak conversations a trigger must be in to explain the feature's firing in Assistant replies:
    /// a motive a user term switches on is (nearly) absent without it, where a feature that also fires on a task's words
    /// fires in many conversations that lack any one term (docs/motive-finding.md measures both).
    /// </summary>
    public const double MinCoverage = 0.8;

    /// <summary>
    /// The least share of the conversations holding a trigger in which the feature fires: a trigger switches the behaviour
    /// on where it appears, where a common word ("at") is in most conversations the feature fires in only because it is
    /// in most conversations (the base checkpoint, seed 2: "at" in 76 of its 90 but also in 312 of the other 510).
    /// </summary>
    public const double MinSelectivity = 0.5;

    /// <summary>The trigger explains the feature's Assistant firing: it covers its conversations and selects them.</summary>
    public static bool Explains(TriggerTerm t) =>
        t.Leaks > 0 && (double)t.InLeaks / t.Leaks >= MinCoverage && (double)t.InLeaks / (t.InLeaks + t.InOthers) >= MinSelectivity;

    public TriggerTerm? Strongest => Triggers.Count > 0 ? Triggers[0] : null;

    /// <summary>The strongest trigger that <see cref="Explains"/> the firing; null when none does.</summary>
    public TriggerTerm? Covering => Triggers.FirstOrDefault(Explains);

    /// <summary>The trigger score: −log10 p of the covering trigger, else of the strongest (0 without one).</summary>
    public double TriggerScore => (Covering ?? Strongest) is { } t ? -Math.Log10(Math.Max(t.P, double.Epsilon)) : 0;
}
