using MessagePack;

namespace ShoggothLens.Core.Catalog.Wire;

/// <summary>On-disk record of <see cref="Analysis.TokenEffect"/>: keys and member types are the catalog format (features/README.md); change neither.</summary>
[MessagePackObject]
public sealed record TokenEffectWire(
    [property: Key(0)] int TokenId,
    [property: Key(1)] string Token,
    [property: Key(2)] float Value);
