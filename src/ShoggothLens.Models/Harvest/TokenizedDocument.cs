using ShoggothLens.Core.ActivationStore;
using ShoggothLens.Core.Roles;

namespace ShoggothLens.Models.Harvest;

/// <summary>
/// A document ready for the model: token ids, each token's role (index into <see cref="Roles"/>)
/// and labels (bit i = <see cref="LabelNames"/>[i]), and where the document came from.
/// </summary>
public sealed record TokenizedDocument(
    StoreDocument Source,
    int[] Ids,
    ushort[] RoleIndices,
    IReadOnlyList<Role> Roles,
    uint[] LabelBits,
    IReadOnlyList<string> LabelNames)
{
    public int Length => Ids.Length;

    public Role RoleAt(int position) => Roles[RoleIndices[position]];

    /// <summary>Windows of at most <paramref name="context"/> tokens: [0, c), [c, 2c), ...; every token in exactly one.</summary>
    public int WindowCount(int context) => (Length + context - 1) / context;
}
