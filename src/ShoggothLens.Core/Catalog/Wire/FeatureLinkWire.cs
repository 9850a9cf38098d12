using MessagePack;

namespace ShoggothLens.Core.Catalog.Wire;

/// <summary>On-disk record of <see cref="Analysis.FeatureLink"/>: keys and member types are the catalog format (features/README.md); change neither.</summary>
[MessagePackObject]
public sealed record FeatureLinkWire(
    [property: Key(0)] int Feature,
    [property: Key(1)] double Value);
