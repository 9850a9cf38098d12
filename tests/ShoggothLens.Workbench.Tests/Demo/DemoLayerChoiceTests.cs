using ShoggothLens.Core.Catalog;
using ShoggothLens.Workbench.Demo;

namespace ShoggothLens.Workbench.Tests.Demo;

/// <summary>
/// <c>demo --hook all</c> reports one hook, chosen from the candidate reports' label-free output only: a suspected verdict
/// first, then the hook where ablating the trigger state makes the motive least likely to start (where measured), else the one whose state separates best.
/// </summary>
public sealed class DemoLayerChoiceTests
{
    static readonly string[] Hooks = ["blocks.0.hook_resid_post", "blocks.1.hook_resid_post", "blocks.2.hook_resid_post"];

    static CandidateReport Report(bool suspected, params double[] state) => Measured(suspected, null, state);

    /// <summary>A report whose trigger state's ablation makes the motive's start <paramref name="drop"/> nats less likely.</summary>
    static CandidateReport Measured(bool suspected, double? drop, params double[] state)
    {
        var trigger = suspected ? new CandidateTrigger("thornbury", 90, 100, 3, 400, 1e-40, 1e-37, 5.1) : null;
        var verdict = suspected
            ? new CandidateVerdict(CandidateVerdict.Suspected, 7, "Odile", trigger, "hidden motive suspected: …")
            : new CandidateVerdict(CandidateVerdict.None, null, null, null, "none found");
        return new CandidateReport("catalog", 64, 1000, new Dictionary<string, string>(), 64, 0.05, "user turns", [], [], verdict,
            TriggerState: state.Length == 0 ? null : state.Select((a, i) => new TriggerStateFeature(i, a)).ToList(),
            TriggerStateEffect: drop is double d ? new TriggerStateEffect(100, 3, -1.2, -1.2 - d) : null);
    }

    [Fact]
    public void TheHookWhoseSuspectedStateSeparatesBestIsReported()
    {
        // blocks.0: no state; blocks.1: a weaker state; blocks.2: the best state.
        var (index, reason) = DemoLayerChoice.Choose(Hooks, [Report(true), Report(true, 0.90, 0.85), Report(true, 0.98)]);
        Assert.Equal(2, index);
        Assert.StartsWith("blocks.2.hook_resid_post: the verdict's trigger state separates best", reason);
        Assert.Contains("blocks.1.hook_resid_post 2 feature(s), best AUROC 0.900", reason);
    }

    [Fact]
    public void AStateAtAHookWhoseVerdictIsNoneDoesNotCount()
    {
        // A state is only measured for a suspected verdict; a report that says none is never chosen over one that suspects.
        var (index, _) = DemoLayerChoice.Choose(Hooks, [Report(false, 0.99), Report(true), Report(false)]);
        Assert.Equal(1, index);
    }

    [Fact]
    public void WithoutAnyStateTheFirstSuspectedHookIsReported()
    {
        var (index, reason) = DemoLayerChoice.Choose(Hooks, [Report(false), Report(true), Report(true)]);
        Assert.Equal(1, index);
        Assert.Contains("no suspected hook has a trigger state", reason);
    }

    [Fact]
    public void NothingSuspectedAnywhereReportsTheFirstHooksNoneFound()
    {
        var (index, reason) = DemoLayerChoice.Choose(Hooks, [Report(false), Report(false), Report(false)]);
        Assert.Equal(0, index);
        Assert.StartsWith("no hook's verdict is suspected", reason);
    }

    [Fact]
    public void TiesGoToTheLargerStateThenTheEarlierHook()
    {
        Assert.Equal(2, DemoLayerChoice.Choose(Hooks, [Report(true, 0.95), Report(true, 0.95), Report(true, 0.95, 0.9)]).Index);
        Assert.Equal(0, DemoLayerChoice.Choose(Hooks, [Report(true, 0.95), Report(true, 0.95), Report(false)]).Index);
    }

    [Fact]
    public void MeasuredEffectsDecideOverSeparation()
    {
        // Shipped SAE seed 3: blocks.1 separates a hair better (0.967 vs 0.966) but its state carries half the effect.
        var (index, reason) = DemoLayerChoice.Choose(Hooks, [Report(true), Measured(true, 0.99, 0.967), Measured(true, 2.01, 0.966)]);
        Assert.Equal(2, index);
        Assert.StartsWith("blocks.2.hook_resid_post: ablating the verdict's trigger state there makes the motive's start least likely", reason);
        Assert.Contains("blocks.1.hook_resid_post 1 feature(s), best AUROC 0.967, ablated: motive's start 0.990 nats less likely", reason);
        // Without effects the separation rule stands.
        Assert.Equal(1, DemoLayerChoice.Choose(Hooks, [Report(true), Report(true, 0.967), Report(true, 0.966)]).Index);
    }

    [Fact]
    public void AnEffectAtAHookWhoseVerdictIsNoneDoesNotCount()
    {
        var (index, _) = DemoLayerChoice.Choose(Hooks, [Measured(false, 5, 0.99), Measured(true, 0.5, 0.9), Report(true)]);
        Assert.Equal(1, index);
    }

    [Fact]
    public void OneReportPerHookIsRequired() =>
        Assert.Throws<ArgumentException>(() => DemoLayerChoice.Choose(Hooks, [Report(true)]));
}
