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

    /// <summary>
    /// The least share of the conversations the feature does not fire in that lack the trigger: coverage's mirror image,
    /// so the term and the firing agree both ways. A function word is in most conversations of every kind (the
    /// motive-free control organism, SAE seed 0: "a" in 203/252 of a feature's conversations, but also in 158/348 of the
    /// others, 45 %); a trigger is nearly absent where the motive is (the shipped organism: 2–8 % of the others).
    /// Added after that control's false verdict, so it was set on that run; docs/motive-finding.md reports it on runs it
    /// was not set on (the control's other seeds, the shop and travel organisms).
    /// </summary>
    public const double MinExclusion = 0.8;

    /// <summary>The trigger explains the feature's Assistant firing: it covers its conversations, selects them, and is rare in the others.</summary>
    public static bool Explains(TriggerTerm t) =>
        t.Leaks > 0 && t.Others > 0
        && (double)t.InLeaks / t.Leaks >= MinCoverage
        && (double)t.InLeaks / (t.InLeaks + t.InOthers) >= MinSelectivity
        && 1 - (double)t.InOthers / t.Others >= MinExclusion;

    public TriggerTerm? Strongest => Triggers.Count > 0 ? Triggers[0] : null;

    /// <summary>The strongest trigger that <see cref="Explains"/> the firing; null when none does.</summary>
    public TriggerTerm? Covering => Triggers.FirstOrDefault(Explains);

    /// <summary>The trigger score: −log10 p of the covering trigger, else of the strongest (0 without one).</summary>
    public double TriggerScore => (Covering ?? Strongest) is { } t ? -Math.Log10(Math.Max(t.P, double.Epsilon)) : 0;
}
