using MessagePack;

namespace ShoggothLens.Core.Catalog.Wire;

/// <summary>On-disk record of <see cref="Analysis.LeakDocument"/>: keys and member types are the catalog format (features/README.md); change neither.</summary>
[MessagePackObject]
public sealed record LeakDocumentWire(
    [property: Key(0)] long Document,
    [property: Key(1)] int Firings,
    [property: Key(2)] float Max,
    [property: Key(3)] int FirstPosition,
    [property: Key(4)] IReadOnlyList<string> Labels,
    [property: Key(5)] int MotiveStart);
