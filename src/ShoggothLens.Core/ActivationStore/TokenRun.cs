using ShoggothLens.Core.Roles;

namespace ShoggothLens.Core.ActivationStore;

/// <summary>
/// Tokens to append to a store, with their metadata. Roles and labels are given as small indices
/// into tables the caller owns (<see cref="Roles"/>; bit i of a label mask = <see cref="LabelNames"/>[i]),
/// and the store maps them to its own tables. Every document index used must be in <see cref="Documents"/>.
/// </summary>
public readonly ref struct TokenRun
{
    public required ReadOnlySpan<int> TokenIds { get; init; }
    public required ReadOnlySpan<ushort> RoleIndices { get; init; }
    public required IReadOnlyList<Role> Roles { get; init; }
    public required ReadOnlySpan<long> DocumentIndices { get; init; }
    public required IReadOnlyList<StoreDocument> Documents { get; init; }
    /// <summary>Each token's position in its document (0 = the document's first token).</summary>
    public required ReadOnlySpan<int> Positions { get; init; }
    public required ReadOnlySpan<uint> LabelBits { get; init; }
    public required IReadOnlyList<string> LabelNames { get; init; }

    public int Count => TokenIds.Length;

    public TokenRun Slice(int start, int length) => new()
    {
        TokenIds = TokenIds.Slice(start, length),
        RoleIndices = RoleIndices.Slice(start, length),
        Roles = Roles,
        DocumentIndices = DocumentIndices.Slice(start, length),
        Documents = Documents,
        Positions = Positions.Slice(start, length),
        LabelBits = LabelBits.Slice(start, length),
        LabelNames = LabelNames,
    };

    internal void Validate()
    {
        int n = TokenIds.Length;
        if (RoleIndices.Length != n || DocumentIndices.Length != n || Positions.Length != n || LabelBits.Length != n)
            throw new ArgumentException(
                $"a token run's arrays differ in length: {n} token ids, {RoleIndices.Length} roles, {DocumentIndices.Length} documents, {Positions.Length} positions, {LabelBits.Length} labels");
        if (LabelNames.Count > 32)
            throw new ArgumentException($"at most 32 label names fit a token's label mask, got {LabelNames.Count}");
    }
}
