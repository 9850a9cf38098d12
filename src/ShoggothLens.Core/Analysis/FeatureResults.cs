using MessagePack;
using RoleValue = ShoggothLens.Core.Roles.Role;

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

    /// <summary>
    /// True when these are the statistics of <paramref name="role"/>. The catalog spells a role as <see cref="RoleValue.ToString"/>
    /// does, and <see cref="RoleValue.Parse"/> reads exactly that spelling back, so comparing the spelling compares the values;
    /// a name that is no role (a damaged catalog) matches nothing instead of throwing.
    /// </summary>
    public bool Is(RoleValue role) => Role == role.ToString();
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

/// <summary>
/// Tokens around one activating token (SAEDashboard's sequence): the qualifying token at
/// <see cref="QualifyingIndex"/>, with the feature's activation and the role at every token.
/// </summary>
/// <param name="Document">Store document index.</param>
/// <param name="Position">Position of the qualifying token in its document.</param>
/// <param name="QualifyingIndex">Index of the qualifying token within <see cref="Tokens"/>.</param>
/// <param name="Tokens">Token strings (decoded when a tokenizer is known; else the ids as text).</param>
/// <param name="TokenIds">Token ids, as in the store.</param>
/// <param name="Activations">The feature's activation at each token of the window.</param>
/// <param name="Roles">Role name of each token of the window.</param>
/// <param name="Activation">Activation at the qualifying token.</param>
[MessagePackObject]
public sealed record ContextWindow(
    [property: Key(0)] long Document,
    [property: Key(1)] int Position,
    [property: Key(2)] int QualifyingIndex,
    [property: Key(3)] IReadOnlyList<string> Tokens,
    [property: Key(4)] IReadOnlyList<int> TokenIds,
    [property: Key(5)] IReadOnlyList<float> Activations,
    [property: Key(6)] IReadOnlyList<string> Roles,
    [property: Key(7)] float Activation);

/// <summary>Examples whose qualifying activation lies in [Min, Max] (SAEDashboard's interval groups).</summary>
/// <param name="Contains">Tokens of the whole pass whose activation lies in the interval.</param>
[MessagePackObject]
public sealed record QuantileGroup(
    [property: Key(0)] float Min,
    [property: Key(1)] float Max,
    [property: Key(2)] long Contains,
    [property: Key(3)] IReadOnlyList<ContextWindow> Examples);

/// <summary>One vocabulary token and the logit change a unit of the feature's decoder direction gives it.</summary>
[MessagePackObject]
public sealed record TokenEffect(
    [property: Key(0)] int TokenId,
    [property: Key(1)] string Token,
    [property: Key(2)] float Value);

/// <summary>
/// The decoder direction through the model's unembedding (final norm's scale included, as
/// SAEDashboard does): the most promoted and suppressed tokens and a histogram of all logit effects.
/// Bin i of <see cref="Histogram"/> covers [HistogramMin + i·HistogramBinWidth, … + HistogramBinWidth).
/// </summary>
[MessagePackObject]
public sealed record LogitEffects(
    [property: Key(0)] IReadOnlyList<TokenEffect> Top,
    [property: Key(1)] IReadOnlyList<TokenEffect> Bottom,
    [property: Key(2)] float HistogramMin,
    [property: Key(3)] float HistogramBinWidth,
    [property: Key(4)] IReadOnlyList<int> Histogram);

/// <summary>Another feature related to this one by <see cref="Value"/> (a decoder cosine, or a co-activation score).</summary>
[MessagePackObject]
public sealed record FeatureLink(
    [property: Key(0)] int Feature,
    [property: Key(1)] double Value);

/// <summary>Cosine of the feature's decoder direction with a persona vector (mean residual of Persona(p) minus Assistant).</summary>
[MessagePackObject]
public sealed record PersonaCosine(
    [property: Key(0)] string Persona,
    [property: Key(1)] double Cosine);

/// <summary>Everything the analysis knows about one feature.</summary>
/// <param name="HistogramExponent">Bin width is 2^HistogramExponent; bin i covers [i·w, (i+1)·w).</param>
/// <param name="TopContexts">The max-activating examples with their context windows, strongest first.</param>
/// <param name="QuantileGroups">Examples by activation interval, lowest interval first.</param>
/// <param name="Logits">Logit effects; null when analyze ran without --model.</param>
/// <param name="DecoderNeighbours">Features with the largest decoder cosine, largest first.</param>
/// <param name="CoActivating">Features that fire on the same tokens most often, strongest first.</param>
/// <param name="PersonaCosines">Decoder cosine with each persona vector.</param>
[MessagePackObject]
public sealed record FeatureStatistics(
    [property: Key(0)] int Feature,
    [property: Key(1)] RoleStatistics Overall,
    [property: Key(2)] IReadOnlyList<RoleStatistics> ByRole,
    [property: Key(3)] int HistogramExponent,
    [property: Key(4)] IReadOnlyList<int> Histogram,
    [property: Key(5)] IReadOnlyList<ActivationExample> TopExamples,
    [property: Key(6)] FeatureScores Scores,
    [property: Key(7)] IReadOnlyList<ContextWindow>? TopContexts = null,
    [property: Key(8)] IReadOnlyList<QuantileGroup>? QuantileGroups = null,
    [property: Key(9)] LogitEffects? Logits = null,
    [property: Key(10)] IReadOnlyList<FeatureLink>? DecoderNeighbours = null,
    [property: Key(11)] IReadOnlyList<FeatureLink>? CoActivating = null,
    [property: Key(12)] IReadOnlyList<PersonaCosine>? PersonaCosines = null)
{
    [IgnoreMember]
    public double HistogramBinWidth => Math.ScaleB(1.0, HistogramExponent);
}
