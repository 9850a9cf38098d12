namespace ShoggothLens.Workbench.Browse;

/// <summary>
/// One row of the summary index: what the grid, the scatter and the graph need of a feature, without its examples.
/// </summary>
/// <param name="Density">Share of all tokens where the feature fires.</param>
/// <param name="RoleFrequencies">freq(role) for each role of the catalog, in the catalog's role order.</param>
/// <param name="AssistantFrequency">freq(Assistant).</param>
/// <param name="OutsideFrequency">freq over Persona(*) and Narration tokens pooled.</param>
/// <param name="Class">Where the scores put it; <see cref="FeatureClass.Candidate"/> exactly for the label-free report's candidates.</param>
/// <param name="CandidateRank">1-based rank in the label-free candidate report; null for a feature that is not a candidate.</param>
/// <param name="PersonaAligned">Affinity ≥ +τ with enough Assistant firings (the catalog's flag), whether or not it is a candidate.</param>
/// <param name="OutsideRole">Affinity ≤ −τ (the catalog's flag), whether or not it is a candidate.</param>
/// <param name="OutsideRoleLeak">Outside-role and evidence &gt; 0 (the catalog's flag): fires in Assistant turns, with no test of a specific home.</param>
/// <param name="TopTokens">The qualifying tokens of the top contexts and the most promoted logit tokens, for search.</param>
public sealed record FeatureSummary(
    int Feature,
    double Density,
    IReadOnlyList<double> RoleFrequencies,
    double AssistantFrequency,
    double OutsideFrequency,
    float Max,
    double Mean,
    double Affinity,
    string? HomePersona,
    double HomeFrequency,
    double AssistantLowerBound,
    double Evidence,
    long LeakDocuments,
    FeatureClass Class,
    int? CandidateRank,
    IReadOnlyList<string> TopTokens,
    bool PersonaAligned,
    bool OutsideRole,
    bool OutsideRoleLeak)
{
    /// <summary>Never fired on any analysed token.</summary>
    public bool IsDead => Density == 0;
}
