using ShoggothLens.Core.Formats;

namespace ShoggothLens.Models.Tokenization;

/// <summary>
/// Byte-level BPE merges by token id: (left id, right id) → (rank, merged id). Earlier merges
/// (lower rank) apply first; a repeated merge keeps its first rank, as Hugging Face does.
/// </summary>
public sealed class BpeMergeTable
{
    readonly Dictionary<long, (int Rank, int MergedId)> _merges;

    BpeMergeTable(Dictionary<long, (int Rank, int MergedId)> merges) => _merges = merges;

    public int Count => _merges.Count;

    /// <summary>Resolves merges against the vocabulary; a merge naming an unknown token is an error in <paramref name="path"/>.</summary>
    public static BpeMergeTable Create(string path, IReadOnlyDictionary<string, int> vocabulary, IReadOnlyList<(string Left, string Right)> merges)
    {
        var table = new Dictionary<long, (int, int)>(merges.Count);
        for (int rank = 0; rank < merges.Count; rank++)
        {
            var (left, right) = merges[rank];
            int leftId = Lookup(left), rightId = Lookup(right), mergedId = Lookup(left + right);
            table.TryAdd(Key(leftId, rightId), (rank, mergedId));

            int Lookup(string token) => vocabulary.TryGetValue(token, out int id)
                ? id
                : throw new InvalidInputFileException(path, $"merge {rank} ('{left}' '{right}') uses '{token}', which is not in the vocabulary");
        }
        return new BpeMergeTable(table);
    }

    public bool TryGet(int leftId, int rightId, out int rank, out int mergedId)
    {
        if (_merges.TryGetValue(Key(leftId, rightId), out var merge))
        {
            (rank, mergedId) = merge;
            return true;
        }
        (rank, mergedId) = (0, -1);
        return false;
    }

    static long Key(int left, int right) => ((long)left << 32) | (uint)right;
}
