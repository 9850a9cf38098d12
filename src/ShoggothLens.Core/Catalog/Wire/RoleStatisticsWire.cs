using MessagePack;

namespace ShoggothLens.Core.Catalog.Wire;

/// <summary>On-disk record of <see cref="Analysis.RoleStatistics"/>: keys and member types are the catalog format (features/README.md); change neither.</summary>
[MessagePackObject]
public sealed record RoleStatisticsWire(
    [property: Key(0)] string Role,
    [property: Key(1)] long Tokens,
    [property: Key(2)] long Firings,
    [property: Key(3)] double Sum,
    [property: Key(4)] float Max);
