namespace ShoggothLens.Workbench.Export;

/// <summary>What <see cref="ExportWorkflow.Run"/> is asked to do: export a feature catalog.</summary>
public sealed record ExportRequest
{
    /// <summary>The feature catalog folder.</summary>
    public required string Catalog { get; init; }
    public required ExportFormat Format { get; init; }
    /// <summary>The output folder.</summary>
    public required string Output { get; init; }
    /// <summary>Feature ids "A-B" (inclusive); null: all.</summary>
    public string? Features { get; init; }
    /// <summary>Write only shard <see cref="ShardIndex"/> of <see cref="ShardCount"/> of the batch files (batch formats).</summary>
    public int ShardIndex { get; init; }
    public int ShardCount { get; init; } = 1;
    /// <summary>Features per batch file.</summary>
    public int BatchSize { get; init; } = 128;
    /// <summary>SAELens: the SAE folder; null: the one the catalog was analysed with.</summary>
    public string? Sae { get; init; }
    /// <summary>Neuronpedia fields; null: from the catalog (<see cref="Core.Export.NeuronpediaSettings.FromCatalog"/>).</summary>
    public string? ModelId { get; init; }
    public string? SaeSet { get; init; }
    public string? SaeIdSuffix { get; init; }
    public int? Layer { get; init; }
    public string? Dataset { get; init; }
}
