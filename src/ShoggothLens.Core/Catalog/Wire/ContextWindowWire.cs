using MessagePack;

namespace ShoggothLens.Core.Catalog.Wire;

/// <summary>On-disk record of <see cref="Analysis.ContextWindow"/>: keys and member types are the catalog format (features/README.md); change neither.</summary>
[MessagePackObject]
public sealed record ContextWindowWire(
    [property: Key(0)] long Document,
    [property: Key(1)] int Position,
    [property: Key(2)] int QualifyingIndex,
    [property: Key(3)] IReadOnlyList<string> Tokens,
    [property: Key(4)] IReadOnlyList<int> TokenIds,
    [property: Key(5)] IReadOnlyList<float> Activations,
    [property: Key(6)] IReadOnlyList<string> Roles,
    [property: Key(7)] float Activation);
