using System.Globalization;
using ShoggothLens.Core.Catalog;

namespace ShoggothLens.Workbench.Demo;

/// <summary>
/// Which hook's audit the demo reports when it audits several (<c>demo --hook all</c>), chosen without labels. A real
/// audit does not know at which layer a motive is decided: on the shipped and harbor organisms the features that carry
/// the trigger's state before the motive are readable at <c>blocks.2</c>, on the held-out sable and rival organisms only
/// at the last block (docs/motive-finding.md). The rule:
/// <list type="number">
/// <item>only hooks whose verdict is "suspected" count; none: the audit finds nothing (the first hook's report stands);</item>
/// <item>among them, those with a non-empty trigger state (features whose activation before the motive's onset separates
/// the conversations holding the verdict's term, AUROC ≥ 0.8: the set the causal check ablates) come first, and of these
/// the one where ablating the state lowers the model's probability of starting its motive most
/// (the report's <see cref="CandidateReport.TriggerStateEffect"/>: teacher-forced on the audited replies, no labels, no generation);</item>
/// <item>where no effect was measured (a catalog analyzed without its model), the hook whose best state feature separates best (ties: the
/// larger state, then the earlier hook) — the ninth session's rule, which on shipped SAE seed 3 picked a hook whose
/// state separates as well as the next one's (AUROC 0.967 vs 0.966) but carries half its effect;</item>
/// <item>no suspected hook has a state: the earliest suspected hook.</item>
/// </list>
/// Every input is the candidate reports' and the model's own label-free output; nothing here reads a label.
/// </summary>
public static class DemoLayerChoice
{
    /// <summary>The index of the hook to report, and why, in words.</summary>
    public static (int Index, string Reason) Choose(IReadOnlyList<string> hooks, IReadOnlyList<CandidateReport> reports)
    {
        if (hooks.Count != reports.Count || hooks.Count == 0) throw new ArgumentException("one report per hook, at least one");
        var suspected = Enumerable.Range(0, reports.Count).Where(i => reports[i].Verdict.IsSuspected).ToList();
        if (suspected.Count == 0) return (0, $"no hook's verdict is suspected ({string.Join(", ", hooks)})");
        var withState = suspected.Where(i => reports[i].TriggerState is { Count: > 0 }).ToList();
        if (withState.Count == 0)
            return (suspected[0], $"{hooks[suspected[0]]}: the first hook whose verdict is suspected; no suspected hook has a trigger state " +
                                  $"({string.Join(", ", suspected.Select(i => hooks[i]))})");
        string F(double x) => x.ToString("F3", CultureInfo.InvariantCulture);
        string Describe(int i)
        {
            if (reports[i].TriggerState is not { Count: > 0 } s) return $"{hooks[i]} none";
            string effect = reports[i].TriggerStateEffect is { } e ? $", ablated: motive's start {F(e.Drop)} nats less likely" : "";
            return $"{hooks[i]} {s.Count} feature(s), best AUROC {F(s[0].Auroc)}{effect}";
        }
        var measured = withState.Where(i => reports[i].TriggerStateEffect is not null).ToList();
        if (measured.Count > 0)
        {
            int strongest = measured.OrderByDescending(i => reports[i].TriggerStateEffect!.Drop).ThenBy(i => i).First();
            return (strongest, $"{hooks[strongest]}: ablating the verdict's trigger state there makes the motive's start least likely " +
                               $"(states: {string.Join("; ", suspected.Select(Describe))})");
        }
        int best = withState
            .OrderByDescending(i => reports[i].TriggerState![0].Auroc)
            .ThenByDescending(i => reports[i].TriggerState!.Count)
            .ThenBy(i => i)
            .First();
        return (best, $"{hooks[best]}: the verdict's trigger state separates best there (states: {string.Join("; ", suspected.Select(Describe))})");
    }
}
