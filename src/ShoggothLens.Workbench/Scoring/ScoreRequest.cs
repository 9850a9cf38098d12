using ShoggothLens.Organism;

namespace ShoggothLens.Workbench.Scoring;

/// <summary>The catalog to score and the ground truth of the organism its store was harvested from.</summary>
public sealed record ScoreRequest
{
    /// <summary>The catalog folder.</summary>
    public required string Catalog { get; init; }

    /// <summary>Its activation store (for trigger discovery); null: the one the catalog names.</summary>
    public string? Store { get; init; }

    /// <summary>What the organism planted (e.g. <see cref="ShippedOrganism.GroundTruth"/>).</summary>
    public required OrganismGroundTruth Truth { get; init; }
}
