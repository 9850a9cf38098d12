namespace ShoggothLens.Workbench.Browse;

/// <summary>A page asked for a catalog id the library never assigned.</summary>
public sealed class UnknownCatalogException(string? id) : Exception($"no catalog with id '{id}'")
{
    public string? Id { get; } = id;
}
