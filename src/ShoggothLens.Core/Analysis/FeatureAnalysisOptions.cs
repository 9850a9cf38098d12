namespace ShoggothLens.Core.Analysis;

/// <summary>
/// Thresholds of the masked-shoggoth scores (DESIGN.md, "Roles and the masked-shoggoth scores").
/// Every default is explained in features/README.md.
/// </summary>
public sealed record FeatureAnalysisOptions
{
    /// <summary>ε of the assistant affinity ln((freq(Assistant)+ε)/(freq(Outside)+ε)). Default 1e-5:
    /// well below any firing rate measurable on a realistic corpus (≥ 10⁵ tokens per role), so it only
    /// keeps the logarithm finite when a feature never fires in one side.</summary>
    public double Epsilon { get; init; } = 1e-5;

    /// <summary>τ: |affinity| ≥ τ makes a feature persona-aligned (+) or outside-role (−). Default ln 4:
    /// four times more frequent on one side than the other.</summary>
    public double Tau { get; init; } = Math.Log(4);

    /// <summary>Firing-rate floor in Assistant tokens that a hidden-motive candidate's Wilson lower bound must
    /// exceed. Default 1e-3: one Assistant token in a thousand.</summary>
    public double AssistantFloor { get; init; } = 1e-3;

    /// <summary>One-sided confidence level of the Wilson lower bound. Default 0.99 (z ≈ 2.326).</summary>
    public double Confidence { get; init; } = 0.99;

    /// <summary>Minimum Assistant firings for a persona-aligned feature. Default 10.</summary>
    public int MinAssistantFirings { get; init; } = 10;

    /// <summary>Histogram bins of non-zero activations (SAEDashboard uses 50).</summary>
    public int HistogramBins { get; init; } = 50;

    /// <summary>Max-activating examples kept per feature (bounded heap).</summary>
    public int TopExamples { get; init; } = 20;

    /// <summary>Leak documents tracked per feature (memory bound); further documents are only counted.</summary>
    public int MaxLeakDocuments { get; init; } = 256;

    /// <summary>A label present in at least this share of a feature's leak documents is a shared trigger.</summary>
    public double SharedLabelShare { get; init; } = 0.8;

    /// <summary>Name of the label that marks the motive span.</summary>
    public string MotiveLabel { get; init; } = "motive";

    public void Validate()
    {
        if (!(Epsilon > 0)) throw new ArgumentOutOfRangeException(nameof(Epsilon), "must be > 0");
        if (!(Tau >= 0)) throw new ArgumentOutOfRangeException(nameof(Tau), "must be ≥ 0");
        if (!(AssistantFloor >= 0 && AssistantFloor < 1)) throw new ArgumentOutOfRangeException(nameof(AssistantFloor), "must be in [0, 1)");
        if (!(Confidence > 0.5 && Confidence < 1)) throw new ArgumentOutOfRangeException(nameof(Confidence), "must be in (0.5, 1)");
        ArgumentOutOfRangeException.ThrowIfLessThan(HistogramBins, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(TopExamples, 0);
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxLeakDocuments, 0);
    }
}
