using MessagePack;

namespace ShoggothLens.Core.Catalog.Wire;

/// <summary>On-disk record of <see cref="Analysis.FeatureScores"/>: keys and member types are the catalog format (features/README.md); change neither.
/// Member names are not on disk (the keys are integers): key 6 was named <c>HiddenMotiveCandidate</c> until it was renamed to what it
/// is, so catalogs written before read the same flag.</summary>
[MessagePackObject]
public sealed record FeatureScoresWire(
    [property: Key(0)] double AssistantAffinity,
    [property: Key(1)] bool PersonaAligned,
    [property: Key(2)] bool OutsideRole,
    [property: Key(3)] string? HomePersona,
    [property: Key(4)] double AssistantLowerBound,
    [property: Key(5)] double HiddenMotiveEvidence,
    [property: Key(6)] bool OutsideRoleLeak,
    [property: Key(7)] long LeakDocumentCount,
    [property: Key(8)] IReadOnlyList<LeakDocumentWire> LeakDocuments,
    [property: Key(9)] IReadOnlyList<LabelShareWire> LeakLabels,
    [property: Key(10)] IReadOnlyList<string> SharedTriggers,
    [property: Key(11)] int LeaksWithMotive,
    [property: Key(12)] int LeaksFiringBeforeMotive);
