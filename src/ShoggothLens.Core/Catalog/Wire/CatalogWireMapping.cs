using System.Diagnostics.CodeAnalysis;
using ShoggothLens.Core.Analysis;

namespace ShoggothLens.Core.Catalog.Wire;

/// <summary>
/// Between the analysis types and the catalog's on-disk records. Field for field, no conversion, so the bytes
/// are what the format says. Nil stays nil in both directions (a damaged or foreign record may hold nil where the
/// types say it cannot; <see cref="FeatureCatalog"/> refuses the required ones, the rest pass through as before).
/// </summary>
public static class CatalogWireMapping
{
    public static CatalogMetadataWire ToWire(CatalogMetadata m) => new(m.Name, m.Features, m.Tokens, m.Roles, m.Labels, m.Parameters);

    public static CatalogMetadata FromWire(CatalogMetadataWire w) => new(w.Name, w.Features, w.Tokens, w.Roles, w.Labels, w.Parameters);

    public static FeatureRecordWire ToWire(FeatureStatistics f) => new(
        f.Feature, Map(f.Overall, ToWire), List(f.ByRole, ToWire)!, f.HistogramExponent, f.Histogram, List(f.TopExamples, ToWire)!, Map(f.Scores, ToWire),
        List(f.TopContexts, ToWire), List(f.QuantileGroups, ToWire), Map(f.Logits, ToWire),
        List(f.DecoderNeighbours, ToWire), List(f.CoActivating, ToWire), List(f.PersonaCosines, ToWire));

    public static FeatureStatistics FromWire(FeatureRecordWire w) => new(
        w.Feature, Map(w.Overall, FromWire), List(w.ByRole, FromWire)!, w.HistogramExponent, w.Histogram, List(w.TopExamples, FromWire)!, Map(w.Scores, FromWire),
        List(w.TopContexts, FromWire), List(w.QuantileGroups, FromWire), Map(w.Logits, FromWire),
        List(w.DecoderNeighbours, FromWire), List(w.CoActivating, FromWire), List(w.PersonaCosines, FromWire));

    public static RoleStatisticsWire ToWire(RoleStatistics r) => new(r.Role, r.Tokens, r.Firings, r.Sum, r.Max);
    public static RoleStatistics FromWire(RoleStatisticsWire r) => new(r.Role, r.Tokens, r.Firings, r.Sum, r.Max);

    public static ActivationExampleWire ToWire(ActivationExample e) => new(e.Token, e.Document, e.Position, e.Role, e.Activation);
    public static ActivationExample FromWire(ActivationExampleWire e) => new(e.Token, e.Document, e.Position, e.Role, e.Activation);

    public static LeakDocumentWire ToWire(LeakDocument l) => new(l.Document, l.Firings, l.Max, l.FirstPosition, l.Labels, l.MotiveStart);
    public static LeakDocument FromWire(LeakDocumentWire l) => new(l.Document, l.Firings, l.Max, l.FirstPosition, l.Labels, l.MotiveStart);

    public static LabelShareWire ToWire(LabelShare s) => new(s.Label, s.Documents, s.Share);
    public static LabelShare FromWire(LabelShareWire s) => new(s.Label, s.Documents, s.Share);

    public static FeatureScoresWire ToWire(FeatureScores s) => new(
        s.AssistantAffinity, s.PersonaAligned, s.OutsideRole, s.HomePersona, s.AssistantLowerBound, s.HiddenMotiveEvidence,
        s.OutsideRoleLeak, s.LeakDocumentCount, List(s.LeakDocuments, ToWire)!, List(s.LeakLabels, ToWire)!, s.SharedTriggers,
        s.LeaksWithMotive, s.LeaksFiringBeforeMotive);

    public static FeatureScores FromWire(FeatureScoresWire s) => new(
        s.AssistantAffinity, s.PersonaAligned, s.OutsideRole, s.HomePersona, s.AssistantLowerBound, s.HiddenMotiveEvidence,
        s.OutsideRoleLeak, s.LeakDocumentCount, List(s.LeakDocuments, FromWire)!, List(s.LeakLabels, FromWire)!, s.SharedTriggers,
        s.LeaksWithMotive, s.LeaksFiringBeforeMotive);

    public static ContextWindowWire ToWire(ContextWindow c) => new(c.Document, c.Position, c.QualifyingIndex, c.Tokens, c.TokenIds, c.Activations, c.Roles, c.Activation);
    public static ContextWindow FromWire(ContextWindowWire c) => new(c.Document, c.Position, c.QualifyingIndex, c.Tokens, c.TokenIds, c.Activations, c.Roles, c.Activation);

    public static QuantileGroupWire ToWire(QuantileGroup g) => new(g.Min, g.Max, g.Contains, List(g.Examples, ToWire)!);
    public static QuantileGroup FromWire(QuantileGroupWire g) => new(g.Min, g.Max, g.Contains, List(g.Examples, FromWire)!);

    public static TokenEffectWire ToWire(TokenEffect t) => new(t.TokenId, t.Token, t.Value);
    public static TokenEffect FromWire(TokenEffectWire t) => new(t.TokenId, t.Token, t.Value);

    public static LogitEffectsWire ToWire(LogitEffects l) => new(List(l.Top, ToWire)!, List(l.Bottom, ToWire)!, l.HistogramMin, l.HistogramBinWidth, l.Histogram);
    public static LogitEffects FromWire(LogitEffectsWire l) => new(List(l.Top, FromWire)!, List(l.Bottom, FromWire)!, l.HistogramMin, l.HistogramBinWidth, l.Histogram);

    public static FeatureLinkWire ToWire(FeatureLink l) => new(l.Feature, l.Value);
    public static FeatureLink FromWire(FeatureLinkWire l) => new(l.Feature, l.Value);

    public static PersonaCosineWire ToWire(PersonaCosine p) => new(p.Persona, p.Cosine);
    public static PersonaCosine FromWire(PersonaCosineWire p) => new(p.Persona, p.Cosine);

    /// <summary>Maps one record; nil stays nil.</summary>
    [return: NotNullIfNotNull(nameof(item))]
    static TOut? Map<TIn, TOut>(TIn? item, Func<TIn, TOut> map) where TIn : class where TOut : class =>
        item is null ? null : map(item);

    /// <summary>Maps a list of records, keeping its order; a nil list or a nil element stays nil.</summary>
    [return: NotNullIfNotNull(nameof(items))]
    static IReadOnlyList<TOut>? List<TIn, TOut>(IReadOnlyList<TIn>? items, Func<TIn, TOut> map) where TIn : class where TOut : class
    {
        if (items is null) return null;
        var mapped = new TOut[items.Count];
        for (int i = 0; i < mapped.Length; i++) mapped[i] = items[i] is { } item ? map(item) : null!;
        return mapped;
    }
}
