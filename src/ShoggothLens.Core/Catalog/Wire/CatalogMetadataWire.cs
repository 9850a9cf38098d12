using MessagePack;

namespace ShoggothLens.Core.Catalog.Wire;

/// <summary>On-disk record of <see cref="Catalog.CatalogMetadata"/>: keys and member types are the catalog format (features/README.md); change neither.</summary>
[MessagePackObject]
public sealed record CatalogMetadataWire(
    [property: Key(0)] string Name,
    [property: Key(1)] int Features,
    [property: Key(2)] long Tokens,
    [property: Key(3)] IReadOnlyList<string> Roles,
    [property: Key(4)] IReadOnlyList<string> Labels,
    [property: Key(5)] IReadOnlyDictionary<string, string> Parameters);
