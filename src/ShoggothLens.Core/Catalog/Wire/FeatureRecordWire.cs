using MessagePack;

namespace ShoggothLens.Core.Catalog.Wire;

/// <summary>
/// On-disk record of one feature (<see cref="Analysis.FeatureStatistics"/>): keys and member types are the catalog format
/// (features/README.md); change neither. Keys 7–12 are nil where the analysis did not compute them.
/// </summary>
[MessagePackObject]
public sealed record FeatureRecordWire(
    [property: Key(0)] int Feature,
    [property: Key(1)] RoleStatisticsWire Overall,
    [property: Key(2)] IReadOnlyList<RoleStatisticsWire> ByRole,
    [property: Key(3)] int HistogramExponent,
    [property: Key(4)] IReadOnlyList<int> Histogram,
    [property: Key(5)] IReadOnlyList<ActivationExampleWire> TopExamples,
    [property: Key(6)] FeatureScoresWire Scores,
    [property: Key(7)] IReadOnlyList<ContextWindowWire>? TopContexts = null,
    [property: Key(8)] IReadOnlyList<QuantileGroupWire>? QuantileGroups = null,
    [property: Key(9)] LogitEffectsWire? Logits = null,
    [property: Key(10)] IReadOnlyList<FeatureLinkWire>? DecoderNeighbours = null,
    [property: Key(11)] IReadOnlyList<FeatureLinkWire>? CoActivating = null,
    [property: Key(12)] IReadOnlyList<PersonaCosineWire>? PersonaCosines = null);
