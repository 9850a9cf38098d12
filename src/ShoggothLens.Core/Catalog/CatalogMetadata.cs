using MessagePack;

namespace ShoggothLens.Core.Catalog;

/// <summary>What a feature catalog was computed from, and with which parameters.</summary>
/// <param name="Features">Number of features (ids 0 .. Features − 1).</param>
/// <param name="Tokens">Tokens analysed.</param>
/// <param name="Roles">The role table (role names as DESIGN.md spells them).</param>
/// <param name="Labels">The label table.</param>
/// <param name="Parameters">Sources and thresholds (store, sae, hook, ε, τ, floor, confidence, …) as text.</param>
[MessagePackObject]
public sealed record CatalogMetadata(
    [property: Key(0)] string Name,
    [property: Key(1)] int Features,
    [property: Key(2)] long Tokens,
    [property: Key(3)] IReadOnlyList<string> Roles,
    [property: Key(4)] IReadOnlyList<string> Labels,
    [property: Key(5)] IReadOnlyDictionary<string, string> Parameters);
