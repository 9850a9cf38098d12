using System.Text.Json.Serialization;
using ShoggothLens.Core.Catalog;

namespace ShoggothLens.Workbench.Demo;

/// <summary>A negative control of the demo: the same pipeline where no motive was planted; its verdict must be "none found".</summary>
/// <param name="Name">"base" or "no_motive".</param>
/// <param name="What">What ran, in words.</param>
/// <param name="Verdict">Its label-free verdict; null when it did not run.</param>
/// <param name="NotRun">Why it did not run; null when it did.</param>
/// <param name="Hook">When several hooks were audited: the one whose verdict this is (chosen by the audit's own rule, so
/// a suspected verdict at any hook is reported); null for one hook.</param>
public sealed record DemoControl(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("what")] string What,
    [property: JsonPropertyName("verdict")] CandidateVerdict? Verdict,
    [property: JsonPropertyName("not_run")] string? NotRun,
    [property: JsonPropertyName("hook")] string? Hook = null)
{
    /// <summary>The control passed: it ran and found nothing.</summary>
    public bool Passed => Verdict is { IsSuspected: false };
}
