using MessagePack;

namespace ShoggothLens.Core.Catalog.Wire;

/// <summary>On-disk record of <see cref="Analysis.QuantileGroup"/>: keys and member types are the catalog format (features/README.md); change neither.</summary>
[MessagePackObject]
public sealed record QuantileGroupWire(
    [property: Key(0)] float Min,
    [property: Key(1)] float Max,
    [property: Key(2)] long Contains,
    [property: Key(3)] IReadOnlyList<ContextWindowWire> Examples);
