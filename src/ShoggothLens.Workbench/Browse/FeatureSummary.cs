namespace ShoggothLens.Workbench.Browse;

/// <summary>
/// One row of the summary index: what the grid, the scatter and the graph need of a feature, without its examples.
/// </summary>
/// <param name="Density">Share of all tokens where the feature fires.</param>
/// <param name="RoleFrequencies">freq(role) for each role of the catalog, in the catalog's role order.</param>
/// <param name="AssistantFrequency">freq(Assistant).</param>
/// <param name="OutsideFrequency">freq over Persona(*) and Narration tokens pooled.</param>
/// <param name="CandidateRank">1-based rank among the hidden-motive candidates; null for other features.</param>
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
    IReadOnlyList<string> TopTokens)
{
    /// <summary>Never fired on any analysed token.</summary>
    public bool IsDead => Density == 0;
}
