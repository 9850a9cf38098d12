using ShoggothLens.Sae.Architectures;

namespace ShoggothLens.Sae.Formats;

/// <summary>An SAE read from disk: what it computes, its weights, and the layout and path it came from.</summary>
public sealed record LoadedSae(SaeConfig Config, SaeParameters Parameters, SaeLayout Layout, string Path)
{
    public SparseAutoencoder ToModel() => new(Config, Parameters);
}
