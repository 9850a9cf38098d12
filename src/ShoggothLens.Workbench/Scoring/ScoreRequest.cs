using ShoggothLens.Organism;

namespace ShoggothLens.Workbench.Scoring;

/// <summary>The catalog to score and the ground truth of the organism its store was harvested from.</summary>
public sealed record ScoreRequest
{
    /// <summary>The catalog folder.</summary>
    public required string Catalog { get; init; }

    /// <summary>Its activation store (trigger discovery and the separation); null: the one the catalog names.</summary>
    public string? Store { get; init; }

    /// <summary>The SAE the catalog describes; null: the one the catalog names.</summary>
    public string? Sae { get; init; }

    /// <summary>What the organism planted (e.g. <see cref="ShippedOrganism.GroundTruth"/>).</summary>
    public required OrganismGroundTruth Truth { get; init; }

    /// <summary>The catalog's label-free report when the caller already has it (every candidate kept); null: computed here.</summary>
    public Core.Catalog.CandidateReport? Report { get; init; }

    /// <summary>The AUROC from which a feature counts as separating triggered from untriggered conversations before the motive.</summary>
    public double Threshold { get; init; } = GroundTruthScoring.DefaultThreshold;
}
