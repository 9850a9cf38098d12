using MessagePack;

namespace ShoggothLens.Core.Analysis;

/// <summary>A feature's firing statistics over one set of tokens (a role, or all tokens).</summary>
/// <param name="Tokens">Tokens in the set.</param>
/// <param name="Firings">Tokens of the set where the feature's activation is &gt; 0.</param>
/// <param name="Sum">Sum of activations over the set.</param>
/// <param name="Max">Largest activation in the set (0 when it never fires).</param>
[MessagePackObject]
public sealed record RoleStatistics(
    [property: Key(0)] string Role,
    [property: Key(1)] long Tokens,
    [property: Key(2)] long Firings,
    [property: Key(3)] double Sum,
    [property: Key(4)] float Max)
{
    [IgnoreMember]
    public double Frequency => Tokens == 0 ? 0 : (double)Firings / Tokens;
    [IgnoreMember]
    public double Mean => Tokens == 0 ? 0 : Sum / Tokens;
}

/// <summary>One max-activating token.</summary>
[MessagePackObject]
public sealed record ActivationExample(
    [property: Key(0)] long Token,
    [property: Key(1)] long Document,
    [property: Key(2)] int Position,
    [property: Key(3)] string Role,
    [property: Key(4)] float Activation);

/// <summary>An Assistant document where an outside-role feature fires.</summary>
/// <param name="Firings">Assistant tokens of the document where the feature fires.</param>
/// <param name="FirstPosition">Position of its first Assistant firing.</param>
/// <param name="Labels">Label names carried by any token of the document (e.g. "trigger").</param>
/// <param name="MotiveStart">Position of the document's first motive-labelled token, or -1.</param>
[MessagePackObject]
public sealed record LeakDocument(
    [property: Key(0)] long Document,
    [property: Key(1)] int Firings,
    [property: Key(2)] float Max,
    [property: Key(3)] int FirstPosition,
    [property: Key(4)] IReadOnlyList<string> Labels,
    [property: Key(5)] int MotiveStart)
{
    /// <summary>The feature fired in an Assistant token before the motive span began.</summary>
    [IgnoreMember]
    public bool FiresBeforeMotive => MotiveStart >= 0 && FirstPosition < MotiveStart;
}

/// <summary>The share of a feature's leak documents that carry a label.</summary>
[MessagePackObject]
public sealed record LabelShare(
    [property: Key(0)] string Label,
    [property: Key(1)] int Documents,
    [property: Key(2)] double Share);

/// <summary>DESIGN.md's scores for one feature.</summary>
/// <param name="AssistantAffinity">ln((freq(Assistant)+ε)/(freq(Outside)+ε)).</param>
/// <param name="HomePersona">argmax_p freq(Persona(p)) among personas where it fires; null if none.</param>
/// <param name="AssistantLowerBound">Wilson lower bound of freq(Assistant) at the configured confidence.</param>
/// <param name="HiddenMotiveEvidence">AssistantLowerBound − floor (meaningful for outside-role features).</param>
[MessagePackObject]
public sealed record FeatureScores(
    [property: Key(0)] double AssistantAffinity,
    [property: Key(1)] bool PersonaAligned,
    [property: Key(2)] bool OutsideRole,
    [property: Key(3)] string? HomePersona,
    [property: Key(4)] double AssistantLowerBound,
    [property: Key(5)] double HiddenMotiveEvidence,
    [property: Key(6)] bool HiddenMotiveCandidate,
    [property: Key(7)] long LeakDocumentCount,
    [property: Key(8)] IReadOnlyList<LeakDocument> LeakDocuments,
    [property: Key(9)] IReadOnlyList<LabelShare> LeakLabels,
    [property: Key(10)] IReadOnlyList<string> SharedTriggers,
    [property: Key(11)] int LeaksWithMotive,
    [property: Key(12)] int LeaksFiringBeforeMotive);

/// <summary>Everything the analysis knows about one feature.</summary>
/// <param name="HistogramExponent">Bin width is 2^HistogramExponent; bin i covers [i·w, (i+1)·w).</param>
[MessagePackObject]
public sealed record FeatureStatistics(
    [property: Key(0)] int Feature,
    [property: Key(1)] RoleStatistics Overall,
    [property: Key(2)] IReadOnlyList<RoleStatistics> ByRole,
    [property: Key(3)] int HistogramExponent,
    [property: Key(4)] IReadOnlyList<int> Histogram,
    [property: Key(5)] IReadOnlyList<ActivationExample> TopExamples,
    [property: Key(6)] FeatureScores Scores)
{
    [IgnoreMember]
    public double HistogramBinWidth => Math.ScaleB(1.0, HistogramExponent);
}
