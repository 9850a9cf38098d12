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

    /// <summary>The windows of a tokenized document (tests, tools): [0, c), [c, 2c), ...</summary>
    public static IEnumerable<HarvestWindow> Of(TokenizedDocument document, int context)
    {
        for (int w = 0, count = document.WindowCount(context); w < count; w++)
        {
            int start = w * context, length = Math.Min(context, document.Length - start);
            yield return new HarvestWindow(document.Source, w, start, document.Ids.AsSpan(start, length).ToArray(),
                document.RoleIndices.AsSpan(start, length).ToArray(), document.LabelBits.AsSpan(start, length).ToArray(),
                document.Roles, document.LabelNames, w == count - 1);
        }
    }
}
