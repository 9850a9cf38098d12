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

    /// <summary>Tokens of context before the qualifying token in a context window (same document only).
    /// Default 24: a sentence or two of lead-in, which is what a reader needs to see why a feature fires.</summary>
    public int ContextBefore { get; init; } = 24;

    /// <summary>Tokens of context after the qualifying token. Default 8: enough to see what the model
    /// went on to write, short because the activation cannot depend on later tokens.</summary>
    public int ContextAfter { get; init; } = 8;

    /// <summary>Interval groups of examples (SAEDashboard's quantile groups). Default 10, as SAEDashboard.</summary>
    public int QuantileGroups { get; init; } = 10;

    /// <summary>Uniformly sampled examples kept per interval group. Default 5, as SAEDashboard.</summary>
    public int QuantileExamples { get; init; } = 5;

    /// <summary>Seed of the interval groups' samples (a token's sampling key is a hash of seed, feature and token).</summary>
    public ulong QuantileSeed { get; init; } = 0;

    /// <summary>Co-activation counts only pairs among each token's CoActivationTopM strongest features. Default 16:
    /// the typical L0 of a sparse dictionary's token is 10–100, and its strongest features carry most of it; the cost is m(m−1) counter updates per token.</summary>
    public int CoActivationTopM { get; init; } = 16;

    /// <summary>Partner counters kept per feature (Space-Saving; exact while a feature has at most this many partners). Default 64.</summary>
    public int CoActivationCapacity { get; init; } = 64;

    /// <summary>Co-activating features reported per feature. Default 10.</summary>
    public int CoActivating { get; init; } = 10;

    /// <summary>Decoder neighbours reported per feature. Default 10.</summary>
    public int DecoderNeighbours { get; init; } = 10;

    /// <summary>Most promoted and most suppressed tokens reported per feature. Default 10, as SAEDashboard/Neuronpedia.</summary>
    public int LogitTokens { get; init; } = 10;

    /// <summary>Bins of the logit-effect histogram over [min, max]. Default 50, as SAEDashboard.</summary>
    public int LogitBins { get; init; } = 50;

    public void Validate()
    {
        if (!(Epsilon > 0)) throw new ArgumentOutOfRangeException(nameof(Epsilon), "must be > 0");
        if (!(Tau >= 0)) throw new ArgumentOutOfRangeException(nameof(Tau), "must be ≥ 0");
        if (!(AssistantFloor >= 0 && AssistantFloor < 1)) throw new ArgumentOutOfRangeException(nameof(AssistantFloor), "must be in [0, 1)");
        if (!(Confidence > 0.5 && Confidence < 1)) throw new ArgumentOutOfRangeException(nameof(Confidence), "must be in (0.5, 1)");
        ArgumentOutOfRangeException.ThrowIfLessThan(HistogramBins, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(TopExamples, 0);
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxLeakDocuments, 0);
        ArgumentOutOfRangeException.ThrowIfLessThan(ContextBefore, 0);
        ArgumentOutOfRangeException.ThrowIfLessThan(ContextAfter, 0);
        ArgumentOutOfRangeException.ThrowIfLessThan(QuantileGroups, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(QuantileExamples, 0);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(QuantileExamples, 255);
        ArgumentOutOfRangeException.ThrowIfLessThan(CoActivationTopM, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(CoActivationCapacity, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(CoActivating, 0);
        ArgumentOutOfRangeException.ThrowIfLessThan(DecoderNeighbours, 0);
        ArgumentOutOfRangeException.ThrowIfLessThan(LogitTokens, 0);
        ArgumentOutOfRangeException.ThrowIfLessThan(LogitBins, 1);
        // Upper bounds: every per-feature table is sized by these before the pass starts, so a hostile or mistyped
        // value must be refused here, not met as an allocation of gigabytes.
        ArgumentOutOfRangeException.ThrowIfGreaterThan(TopExamples, MaxTopExamples);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(ContextBefore, MaxContext);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(ContextAfter, MaxContext);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(QuantileGroups, 1000);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(HistogramBins, 1 << 16);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(MaxLeakDocuments, 1 << 20);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(CoActivationTopM, 1024);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(CoActivationCapacity, 1 << 16);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(CoActivating, 1 << 16);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(DecoderNeighbours, 1 << 16);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(LogitTokens, 1 << 16);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(LogitBins, 1 << 16);
    }

    /// <summary>Most max-activating examples kept per feature.</summary>
    public const int MaxTopExamples = 1000;
    /// <summary>Most tokens of context on either side of an example.</summary>
    public const int MaxContext = 1024;
}
