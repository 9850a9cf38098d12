using System.Text.Json.Serialization;

namespace ShoggothLens.Core.Catalog;

/// <summary>
/// The ranked hidden-motive candidates of a catalog with their evidence (<see cref="CatalogFolder.CandidateReportFileName"/>,
/// and what <c>shoggoth candidates --json</c> prints). The JSON names are the field names of that output.
/// </summary>
/// <param name="Catalog">The catalog's name.</param>
/// <param name="Features">Features in the catalog.</param>
/// <param name="Tokens">Tokens the catalog was computed over.</param>
/// <param name="Parameters">The catalog's parameters (thresholds and sources), as in its metadata.</param>
/// <param name="Candidates">The candidates, best first.</param>
public sealed record CandidateReport(
    [property: JsonPropertyName("catalog")] string Catalog,
    [property: JsonPropertyName("features")] int Features,
    [property: JsonPropertyName("tokens")] long Tokens,
    [property: JsonPropertyName("parameters")] IReadOnlyDictionary<string, string> Parameters,
    [property: JsonPropertyName("candidates")] IReadOnlyList<RankedCandidate> Candidates);

/// <summary>One hidden-motive candidate (DESIGN.md, "Roles and the masked-shoggoth scores").</summary>
/// <param name="Rank">1-based place in the report's order.</param>
/// <param name="Evidence">Wilson lower bound of freq(Assistant) minus the floor.</param>
/// <param name="AssistantFrequency">freq(Assistant): share of Assistant tokens where the feature fires.</param>
/// <param name="LeakDocuments">Assistant conversations it fires in.</param>
/// <param name="SharedTriggers">Labels present in most of those conversations.</param>
/// <param name="Leaks">The tracked leak conversations.</param>
public sealed record RankedCandidate(
    [property: JsonPropertyName("rank")] int Rank,
    [property: JsonPropertyName("feature")] int Feature,
    [property: JsonPropertyName("evidence")] double Evidence,
    [property: JsonPropertyName("assistant_lower_bound")] double AssistantLowerBound,
    [property: JsonPropertyName("assistant_frequency")] double AssistantFrequency,
    [property: JsonPropertyName("assistant_affinity")] double AssistantAffinity,
    [property: JsonPropertyName("home_persona")] string? HomePersona,
    [property: JsonPropertyName("leak_documents")] long LeakDocuments,
    [property: JsonPropertyName("shared_triggers")] IReadOnlyList<string> SharedTriggers,
    [property: JsonPropertyName("leak_labels")] IReadOnlyList<CandidateLeakLabel> LeakLabels,
    [property: JsonPropertyName("leaks_with_motive")] int LeaksWithMotive,
    [property: JsonPropertyName("leaks_firing_before_motive")] int LeaksFiringBeforeMotive,
    [property: JsonPropertyName("leaks")] IReadOnlyList<CandidateLeak> Leaks);

/// <summary>The share of a candidate's leak conversations that carry a label.</summary>
public sealed record CandidateLeakLabel(
    [property: JsonPropertyName("label")] string Label,
    [property: JsonPropertyName("documents")] int Documents,
    [property: JsonPropertyName("share")] double Share);

/// <summary>An Assistant conversation a candidate fires in.</summary>
/// <param name="FirstPosition">Position of its first Assistant firing.</param>
/// <param name="MotiveStart">Position of the conversation's first motive-labelled token, or -1.</param>
public sealed record CandidateLeak(
    [property: JsonPropertyName("document")] long Document,
    [property: JsonPropertyName("firings")] int Firings,
    [property: JsonPropertyName("max")] float Max,
    [property: JsonPropertyName("first_position")] int FirstPosition,
    [property: JsonPropertyName("motive_start")] int MotiveStart,
    [property: JsonPropertyName("labels")] IReadOnlyList<string> Labels);
