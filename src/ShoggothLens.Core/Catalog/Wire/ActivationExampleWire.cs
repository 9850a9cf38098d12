using MessagePack;

namespace ShoggothLens.Core.Catalog.Wire;

/// <summary>On-disk record of <see cref="Analysis.ActivationExample"/>: keys and member types are the catalog format (features/README.md); change neither.</summary>
[MessagePackObject]
public sealed record ActivationExampleWire(
    [property: Key(0)] long Token,
    [property: Key(1)] long Document,
    [property: Key(2)] int Position,
    [property: Key(3)] string Role,
    [property: Key(4)] float Activation);
