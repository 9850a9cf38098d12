using MessagePack;

namespace ShoggothLens.Core.Catalog.Wire;

/// <summary>On-disk record of <see cref="Analysis.LogitEffects"/>: keys and member types are the catalog format (features/README.md); change neither.</summary>
[MessagePackObject]
public sealed record LogitEffectsWire(
    [property: Key(0)] IReadOnlyList<TokenEffectWire> Top,
    [property: Key(1)] IReadOnlyList<TokenEffectWire> Bottom,
    [property: Key(2)] float HistogramMin,
    [property: Key(3)] float HistogramBinWidth,
    [property: Key(4)] IReadOnlyList<int> Histogram);
