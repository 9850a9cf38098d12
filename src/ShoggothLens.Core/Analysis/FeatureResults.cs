using RoleValue = ShoggothLens.Core.Roles.Role;

namespace ShoggothLens.Core.Analysis;

/// <summary>A feature's firing statistics over one set of tokens (a role, or all tokens).</summary>
/// <param name="Tokens">Tokens in the set.</param>
/// <param name="Firings">Tokens of the set where the feature's activation is &gt; 0.</param>
/// <param name="Sum">Sum of activations over the set.</param>
/// <param name="Max">Largest activation in the set (0 when it never fires).</param>
public sealed record RoleStatistics(
    string Role,
    long Tokens,
    long Firings,
    double Sum,
    float Max)
{
    public double Frequency => Tokens == 0 ? 0 : (double)Firings / Tokens;
    public double Mean => Tokens == 0 ? 0 : Sum / Tokens;

    /// <summary>
    /// True when these are the statistics of <paramref name="role"/>. The catalog spells a role as <see cref="RoleValue.ToString"/>
    /// does, and <see cref="RoleValue.Parse"/> reads exactly that spelling back, so comparing the spelling compares the values;
    /// a name that is no role (a damaged catalog) matches nothing instead of throwing.
    /// </summary>
    public bool Is(RoleValue role) => Role == role.ToString();
}

/// <summary>One max-activating token.</summary>
public sealed record ActivationExample(
    long Token,
    long Document,
    int Position,
    string Role,
    float Activation);

/// <summary>An Assistant document where an outside-role feature fires.</summary>
/// <param name="Firings">Assistant tokens of the document where the feature fires.</param>
/// <param name="FirstPosition">Position of its first Assistant firing.</param>
/// <param name="Labels">Label names carried by any token of the document (e.g. "trigger"): ground truth, read only by scoring and display.</param>
/// <param name="MotiveStart">Position of the document's first motive-labelled token, or -1: ground truth, read only by scoring and display.</param>
public sealed record LeakDocument(
    long Document,
    int Firings,
    float Max,
    int FirstPosition,
    IReadOnlyList<string> Labels,
    int MotiveStart)
{
    /// <summary>The feature fired in an Assistant token before the motive span began.</summary>
    public bool FiresBeforeMotive => MotiveStart >= 0 && FirstPosition < MotiveStart;
}

/// <summary>The share of a feature's leak documents that carry a label (ground truth: only scoring and display read it).</summary>
public sealed record LabelShare(
    string Label,
    int Documents,
    double Share);

/// <summary>DESIGN.md's scores for one feature.</summary>
/// <param name="AssistantAffinity">ln((freq(Assistant)+ε)/(freq(Outside)+ε)).</param>
/// <param name="HomePersona">argmax_p freq(Persona(p)) among personas where it fires; null if none.</param>
/// <param name="AssistantLowerBound">Wilson lower bound of freq(Assistant) at the configured confidence.</param>
/// <param name="HiddenMotiveEvidence">AssistantLowerBound − floor (meaningful for outside-role features).</param>
/// <param name="OutsideRoleLeak">Outside-role and evidence &gt; 0: a feature of other characters that fires in Assistant turns above the floor.
/// It is <b>not</b> the hidden-motive candidate: a candidate also needs a specific home persona (Workbench/Candidates, the label-free
/// report), which punctuation, speech tags and layout that fire in every role lack. Stored under the key that was named
/// <c>HiddenMotiveCandidate</c> before, so older catalogs read the same flag.</param>
/// <param name="LeakLabels">Ground truth (the corpus's labels on the leak documents): only scoring and display read it, never a ranking or verdict.</param>
/// <param name="SharedTriggers">Ground truth: labels (motive aside) in most leak documents; only scoring and display read it.</param>
/// <param name="LeaksWithMotive">Ground truth: leak documents with a motive label.</param>
/// <param name="LeaksFiringBeforeMotive">Ground truth: leak documents where the feature fires before the motive label starts.</param>
public sealed record FeatureScores(
    double AssistantAffinity,
    bool PersonaAligned,
    bool OutsideRole,
    string? HomePersona,
    double AssistantLowerBound,
    double HiddenMotiveEvidence,
    bool OutsideRoleLeak,
    long LeakDocumentCount,
    IReadOnlyList<LeakDocument> LeakDocuments,
    IReadOnlyList<LabelShare> LeakLabels,
    IReadOnlyList<string> SharedTriggers,
    int LeaksWithMotive,
    int LeaksFiringBeforeMotive);

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
public sealed record ContextWindow(
    long Document,
    int Position,
    int QualifyingIndex,
    IReadOnlyList<string> Tokens,
    IReadOnlyList<int> TokenIds,
    IReadOnlyList<float> Activations,
    IReadOnlyList<string> Roles,
    float Activation);

/// <summary>Examples whose qualifying activation lies in [Min, Max] (SAEDashboard's interval groups).</summary>
/// <param name="Contains">Tokens of the whole pass whose activation lies in the interval.</param>
public sealed record QuantileGroup(
    float Min,
    float Max,
    long Contains,
    IReadOnlyList<ContextWindow> Examples);

/// <summary>One vocabulary token and the logit change a unit of the feature's decoder direction gives it.</summary>
public sealed record TokenEffect(
    int TokenId,
    string Token,
    float Value);

/// <summary>
/// The decoder direction through the model's unembedding (final norm's scale included, as
/// SAEDashboard does): the most promoted and suppressed tokens and a histogram of all logit effects.
/// Bin i of <see cref="Histogram"/> covers [HistogramMin + i·HistogramBinWidth, … + HistogramBinWidth).
/// </summary>
public sealed record LogitEffects(
    IReadOnlyList<TokenEffect> Top,
    IReadOnlyList<TokenEffect> Bottom,
    float HistogramMin,
    float HistogramBinWidth,
    IReadOnlyList<int> Histogram);

/// <summary>Another feature related to this one by <see cref="Value"/> (a decoder cosine, or a co-activation score).</summary>
public sealed record FeatureLink(
    int Feature,
    double Value);

/// <summary>Cosine of the feature's decoder direction with a persona vector (mean residual of Persona(p) minus Assistant).</summary>
public sealed record PersonaCosine(
    string Persona,
    double Cosine);

/// <summary>Everything the analysis knows about one feature (stored in a catalog as <see cref="Catalog.Wire.FeatureRecordWire"/>).</summary>
/// <param name="HistogramExponent">Bin width is 2^HistogramExponent; bin i covers [i·w, (i+1)·w).</param>
/// <param name="TopContexts">The max-activating examples with their context windows, strongest first.</param>
/// <param name="QuantileGroups">Examples by activation interval, lowest interval first.</param>
/// <param name="Logits">Logit effects; null when analyze ran without --model.</param>
/// <param name="DecoderNeighbours">Features with the largest decoder cosine, largest first.</param>
/// <param name="CoActivating">Features that fire on the same tokens most often, strongest first.</param>
/// <param name="PersonaCosines">Decoder cosine with each persona vector.</param>
public sealed record FeatureStatistics(
    int Feature,
    RoleStatistics Overall,
    IReadOnlyList<RoleStatistics> ByRole,
    int HistogramExponent,
    IReadOnlyList<int> Histogram,
    IReadOnlyList<ActivationExample> TopExamples,
    FeatureScores Scores,
    IReadOnlyList<ContextWindow>? TopContexts = null,
    IReadOnlyList<QuantileGroup>? QuantileGroups = null,
    LogitEffects? Logits = null,
    IReadOnlyList<FeatureLink>? DecoderNeighbours = null,
    IReadOnlyList<FeatureLink>? CoActivating = null,
    IReadOnlyList<PersonaCosine>? PersonaCosines = null)
{
    public double HistogramBinWidth => Math.ScaleB(1.0, HistogramExponent);
}
