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
/// <param name="Likeness">
/// <see cref="RequestLikeness"/> of each trigger that <see cref="Explains"/> the firing (the others are not measured);
/// null without a store.
/// </param>
sealed record CandidateAssessment(
    FeatureStatistics Feature,
    SpecificityResult Specificity,
    IReadOnlyList<TriggerTerm> Triggers,
    string Contrast,
    IReadOnlyList<int> ReplyOffsets,
    double? ReplyPosition,
    double? HomeCosine,
    IReadOnlyDictionary<string, LikenessResult?>? Likeness = null)
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

    /// <summary>
    /// The most the user turns holding a trigger may be alike, as a multiple of how alike user turns are in general
    /// (<see cref="RequestLikeness"/>). A hidden trigger is incidental to what the user asks, so the turns that hold it
    /// are about as varied as all turns; a request's own words bring their template with them. The motive-free control
    /// organism's false verdicts on SAE seeds 2 and 4 were requests: "capital" (turns 2.9× as alike) and "about the"
    /// (2.5×); the planted triggers of the shipped, shop and rival organisms are 1.3×. Set after seeing those runs (2 sits
    /// between them); docs/motive-finding.md reports it on runs it was not set on (control seed 8: "about the" again).
    /// </summary>
    public const double MaxRequestLikeness = 2.0;

    /// <summary>The one-sided confidence at which each share must clear its bound (<see cref="Explains"/>).</summary>
    public const double ShareConfidence = 0.95;

    static readonly double ShareZ = WilsonBound.Z(ShareConfidence);

    /// <summary>
    /// The trigger explains the feature's Assistant firing: it covers its conversations, selects them, and is rare in the
    /// others, each shown by the counts and not only by the point estimate: the one-sided 95 % Wilson lower bound of each
    /// share clears its minimum. A coin-flip selectivity is not a switch: the motive-free control organism, SAE seed 9
    /// (a seed no rule was set on), had "for a" in 99/115 of a feature's conversations and the feature in 99/190 of those
    /// holding it (52 %, lower bound 46 %); the planted triggers' shares on the shipped, shop and rival organisms are
    /// 91–100 % (lower bounds ≥ 87 %). Seed 2's "capital" (27/33, bound 69 %) is refused here too.
    /// </summary>
    public static bool Explains(TriggerTerm t) =>
        t.Leaks > 0 && t.Others > 0
        && WilsonBound.Lower(t.InLeaks, t.Leaks, ShareZ) >= MinCoverage
        && WilsonBound.Lower(t.InLeaks, t.InLeaks + t.InOthers, ShareZ) >= MinSelectivity
        && WilsonBound.Lower(t.Others - t.InOthers, t.Others, ShareZ) >= MinExclusion;

    public TriggerTerm? Strongest => Triggers.Count > 0 ? Triggers[0] : null;

    /// <summary>Whether the turns holding a trigger are varied enough for it to be incidental to the request (<see cref="MaxRequestLikeness"/>).</summary>
    public static bool Incidental(LikenessResult? likeness) => likeness is { } l && l.Ratio <= MaxRequestLikeness;

    /// <summary>The strongest trigger that <see cref="Explains"/> the firing and is <see cref="Incidental"/> to the request; null when none is.</summary>
    public TriggerTerm? Covering => Triggers.FirstOrDefault(t => Explains(t) && Incidental(Likeness?.GetValueOrDefault(t.Term)));

    /// <summary>The strongest trigger that explains the firing but whose turns are too alike to be incidental: the reason there is no covering one.</summary>
    public TriggerTerm? RefusedAsRequest => Covering is null ? Triggers.FirstOrDefault(Explains) : null;

    /// <summary>The trigger score: −log10 p of the covering trigger, else of the strongest (0 without one).</summary>
    public double TriggerScore => (Covering ?? Strongest) is { } t ? -Math.Log10(Math.Max(t.P, double.Epsilon)) : 0;
}
