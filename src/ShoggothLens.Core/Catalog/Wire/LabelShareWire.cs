using MessagePack;

namespace ShoggothLens.Core.Catalog.Wire;

/// <summary>On-disk record of <see cref="Analysis.LabelShare"/>: keys and member types are the catalog format (features/README.md); change neither.</summary>
[MessagePackObject]
public sealed record LabelShareWire(
    [property: Key(0)] string Label,
    [property: Key(1)] int Documents,
    [property: Key(2)] double Share);
