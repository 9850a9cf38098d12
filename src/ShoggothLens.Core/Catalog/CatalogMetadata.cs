namespace ShoggothLens.Core.Catalog;

/// <summary>What a feature catalog was computed from, and with which parameters.</summary>
/// <param name="Features">Number of features (ids 0 .. Features − 1).</param>
/// <param name="Tokens">Tokens analysed.</param>
/// <param name="Roles">The role table (role names as DESIGN.md spells them).</param>
/// <param name="Labels">The label table.</param>
/// <param name="Parameters">Sources and thresholds (store, sae, hook, ε, τ, floor, confidence, …) as text.</param>
public sealed record CatalogMetadata(
    string Name,
    int Features,
    long Tokens,
    IReadOnlyList<string> Roles,
    IReadOnlyList<string> Labels,
    IReadOnlyDictionary<string, string> Parameters);
