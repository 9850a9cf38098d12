using MessagePack;
using ShoggothLens.Core.Catalog;
using ShoggothLens.Core.Catalog.Wire;

namespace ShoggothLens.Core.Tests.Catalog;

/// <summary>
/// The catalog's key 6 was written as <c>HiddenMotiveCandidate</c> and is read as <c>OutsideRoleLeak</c> (it never meant the
/// label-free report's candidate). A record of the old shape, encoded as the old writer did, must read back with its flag.
/// </summary>
public sealed class OutsideRoleLeakKeyTests
{
    /// <summary>The scores record as it was declared before the rename (names are not on disk; keys and types are).</summary>
    [MessagePackObject]
    public sealed record OldScoresWire(
        [property: Key(0)] double AssistantAffinity,
        [property: Key(1)] bool PersonaAligned,
        [property: Key(2)] bool OutsideRole,
        [property: Key(3)] string? HomePersona,
        [property: Key(4)] double AssistantLowerBound,
        [property: Key(5)] double HiddenMotiveEvidence,
        [property: Key(6)] bool HiddenMotiveCandidate,
        [property: Key(7)] long LeakDocumentCount,
        [property: Key(8)] IReadOnlyList<LeakDocumentWire> LeakDocuments,
        [property: Key(9)] IReadOnlyList<LabelShareWire> LeakLabels,
        [property: Key(10)] IReadOnlyList<string> SharedTriggers,
        [property: Key(11)] int LeaksWithMotive,
        [property: Key(12)] int LeaksFiringBeforeMotive);

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void The_old_flag_reads_as_the_outside_role_leak(bool flag)
    {
        var old = new OldScoresWire(-1.5, false, true, "spy", 0.01, 0.008, flag, 2,
            [new LeakDocumentWire(4, 2, 1.5f, 3, ["trigger"], -1)], [new LabelShareWire("trigger", 1, 0.5)], ["trigger"], 0, 0);
        byte[] bytes = MessagePackSerializer.Serialize(old, CatalogFormat.WriteOptions);

        var scores = CatalogWireMapping.FromWire(MessagePackSerializer.Deserialize<FeatureScoresWire>(bytes, CatalogFormat.ReadOptions));

        Assert.Equal(flag, scores.OutsideRoleLeak);
        Assert.Equal((true, "spy", 0.008, 2L), (scores.OutsideRole, scores.HomePersona, scores.HiddenMotiveEvidence, scores.LeakDocumentCount));
        // And the new writer puts the flag where the old one did: the same bytes.
        Assert.Equal(bytes, MessagePackSerializer.Serialize(CatalogWireMapping.ToWire(scores), CatalogFormat.WriteOptions));
    }
}
