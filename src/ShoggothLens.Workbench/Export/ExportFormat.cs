namespace ShoggothLens.Workbench.Export;

/// <summary>What an export writes (docs/export.md).</summary>
public enum ExportFormat
{
    /// <summary>Neuronpedia / SAEDashboard feature JSON, batch-N.json.</summary>
    Neuronpedia,
    /// <summary>The catalog's SAE (or latents A-B of it) as cfg.json + sae_weights.safetensors.</summary>
    SaeLens,
    /// <summary>The catalog's scores, batch-N.csv.</summary>
    Csv,
    /// <summary>The catalog's scores, batch-N.json.</summary>
    Json,
}
