using ShoggothLens.Core.ActivationStore;
using ShoggothLens.Core.Roles;

namespace ShoggothLens.Models.Harvest;

/// <summary>One token of a document: its id, its role (index into the stream's roles) and its labels (bit i = label i).</summary>
public readonly record struct DocumentToken(int Id, ushort RoleIndex, uint LabelBits);

/// <summary>
/// A document's tokens produced piece by piece (<see cref="DocumentTokenizer.Stream"/>), so that a consumer that keeps
/// only a window at a time holds memory bounded by a piece, not by the record. <see cref="Roles"/> grows as tokens
/// of a new role appear; an index once given never changes. The tokens can be enumerated once.
/// </summary>
public sealed class DocumentTokenStream
{
    readonly IEnumerable<DocumentToken> _tokens;
    readonly List<Role> _roles;
    bool _enumerated;

    internal DocumentTokenStream(StoreDocument source, List<Role> roles, IReadOnlyList<string> labelNames, IEnumerable<DocumentToken> tokens)
    {
        Source = source;
        _roles = roles;
        LabelNames = labelNames;
        _tokens = tokens;
    }

    public StoreDocument Source { get; }

    /// <summary>The roles met so far, in order of first appearance.</summary>
    public IReadOnlyList<Role> Roles => _roles;

    public IReadOnlyList<string> LabelNames { get; }

    public IEnumerable<DocumentToken> Tokens()
    {
        if (_enumerated) throw new InvalidOperationException("a document's token stream can be read once");
        _enumerated = true;
        return _tokens;
    }
}
