using MessagePack;

namespace ShoggothLens.Core.Catalog.Wire;

/// <summary>On-disk record of <see cref="Analysis.PersonaCosine"/>: keys and member types are the catalog format (features/README.md); change neither.</summary>
[MessagePackObject]
public sealed record PersonaCosineWire(
    [property: Key(0)] string Persona,
    [property: Key(1)] double Cosine);
