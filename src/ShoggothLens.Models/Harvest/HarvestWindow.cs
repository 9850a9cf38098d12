using ShoggothLens.Core.ActivationStore;
using ShoggothLens.Core.Roles;

namespace ShoggothLens.Models.Harvest;

/// <summary>
/// Window <see cref="Index"/> of a document: its tokens [Start, Start + Length) with their roles (indices into
/// <see cref="Roles"/>) and labels, at most the context length. A window holds its own tokens, not the document's,
/// so a batch's memory is bounded by batch × context whatever the record's length.
/// </summary>
public sealed record HarvestWindow(
    StoreDocument Source,
    int Index,
    int Start,
    int[] Ids,
    ushort[] RoleIndices,
    uint[] LabelBits,
    IReadOnlyList<Role> Roles,
    IReadOnlyList<string> LabelNames,
    bool EndsDocument)
{
    public int Length => Ids.Length;
}
