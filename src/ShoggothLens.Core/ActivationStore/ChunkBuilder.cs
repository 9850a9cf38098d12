using ShoggothLens.Core.Files;
using System.IO.Hashing;
using System.Runtime.InteropServices;
using ShoggothLens.Core.Formats;
using ShoggothLens.Core.Roles;

namespace ShoggothLens.Core.ActivationStore;

/// <summary>
/// Collects up to a chunk's worth of tokens in memory (buffers allocated once and reused) and
/// writes them as one chunk file, atomically. Role and label tables are the chunk's own, in order
/// of first appearance, so a chunk's bytes depend only on the tokens in it.
/// </summary>
internal sealed class ChunkBuilder
{
    readonly string _modelId;
    readonly IReadOnlyList<string> _hooks;
    readonly int _dModel;
    readonly ActivationDType _dtype;
    readonly long _rowBytes;
    readonly byte[][] _activations;
    readonly int[] _tokenIds;
    readonly ushort[] _roles;
    readonly long[] _documentIds;
    readonly int[] _positions;
    readonly uint[] _labels;
    readonly List<Role> _roleTable = [];
    readonly Dictionary<Role, ushort> _roleIds = [];
    readonly List<string> _labelTable = [];
    readonly Dictionary<string, int> _labelBits = new(StringComparer.Ordinal);
    readonly List<StoreDocument> _documents = [];
    readonly HashSet<long> _documentSet = [];

    public ChunkBuilder(string modelId, IReadOnlyList<string> hooks, int dModel, ActivationDType dtype, int capacity)
    {
        _modelId = modelId;
        _hooks = hooks;
        _dModel = dModel;
        _dtype = dtype;
        _rowBytes = (long)dModel * dtype.Size();
        Capacity = capacity;
        _activations = hooks.Select(_ => new byte[checked(capacity * _rowBytes)]).ToArray();
        _tokenIds = new int[capacity];
        _roles = new ushort[capacity];
        _documentIds = new long[capacity];
        _positions = new int[capacity];
        _labels = new uint[capacity];
    }

    public int Capacity { get; }
    public int Count { get; private set; }
    public int Remaining => Capacity - Count;
    public IReadOnlyList<Role> Roles => _roleTable;
    public IReadOnlyList<string> LabelNames => _labelTable;
    public ReadOnlySpan<ushort> RoleIds => _roles.AsSpan(0, Count);

    /// <summary>Appends <paramref name="run"/> (at most <see cref="Remaining"/> tokens); its rows start at <paramref name="rowStart"/> of <paramref name="rows"/>.</summary>
    public void Append(in TokenRun run, IActivationRows rows, int rowStart)
    {
        int n = run.Count;
        if (n > Remaining) throw new ArgumentException($"{n} tokens do not fit the {Remaining} left in this chunk");
        for (int h = 0; h < _hooks.Count; h++)
            rows.CopyEncoded(h, rowStart, n, _dtype, _activations[h].AsSpan((int)(Count * _rowBytes), (int)(n * _rowBytes)));
        run.TokenIds.CopyTo(_tokenIds.AsSpan(Count));
        run.DocumentIndices.CopyTo(_documentIds.AsSpan(Count));
        run.Positions.CopyTo(_positions.AsSpan(Count));

        var roleMap = new int[run.Roles.Count];
        Array.Fill(roleMap, -1);
        var labelMap = new int[run.LabelNames.Count];
        Array.Fill(labelMap, -1);
        long lastDocument = -1;
        for (int i = 0; i < n; i++)
        {
            int r = run.RoleIndices[i];
            if (r >= roleMap.Length) throw new ArgumentException($"role index {r} is outside the run's {roleMap.Length} roles");
            if (roleMap[r] < 0) roleMap[r] = RoleId(run.Roles[r]);
            _roles[Count + i] = (ushort)roleMap[r];

            uint bits = run.LabelBits[i], mapped = 0;
            while (bits != 0)
            {
                int b = System.Numerics.BitOperations.TrailingZeroCount(bits);
                bits &= bits - 1;
                if (b >= labelMap.Length) throw new ArgumentException($"label bit {b} is outside the run's {labelMap.Length} label names");
                if (labelMap[b] < 0) labelMap[b] = LabelBit(run.LabelNames[b]);
                mapped |= 1u << labelMap[b];
            }
            _labels[Count + i] = mapped;

            long document = run.DocumentIndices[i];
            if (document != lastDocument)
            {
                lastDocument = document;
                if (_documentSet.Add(document)) _documents.Add(FindDocument(run.Documents, document));
            }
        }
        Count += n;
    }

    int RoleId(Role role)
    {
        if (_roleIds.TryGetValue(role, out ushort id)) return id;
        if (_roleTable.Count == ushort.MaxValue) throw new InvalidOperationException("more than 65535 roles in one chunk");
        _roleIds[role] = id = (ushort)_roleTable.Count;
        _roleTable.Add(role);
        return id;
    }

    int LabelBit(string name)
    {
        if (_labelBits.TryGetValue(name, out int bit)) return bit;
        if (_labelTable.Count == 32) throw new ArgumentException("more than 32 label names in one chunk; a token's label mask holds 32");
        _labelBits[name] = bit = _labelTable.Count;
        _labelTable.Add(name);
        return bit;
    }

    static StoreDocument FindDocument(IReadOnlyList<StoreDocument> documents, long index)
    {
        foreach (var d in documents)
            if (d.Index == index) return d;
        throw new ArgumentException($"document {index} is used by a token but missing from the run's documents");
    }

    /// <summary>Writes the collected tokens to <paramref name="path"/> (temp file + rename) and returns the header written.</summary>
    public ChunkHeader Write(string path)
    {
        var layout = new ChunkLayout(Count, _dModel, _hooks.Count, _dtype);
        var hash = new XxHash3();
        WriteData(layout, hash.Append);
        var header = new ChunkHeader(_modelId, _hooks, _dModel, _dtype, Count, _roleTable.ToArray(), _labelTable.ToArray(),
            _documents.ToArray(), Convert.ToHexStringLower(hash.GetCurrentHash()));
        byte[] json = header.ToJson();
        AtomicFile.Write(path, stream =>
        {
            Span<byte> preamble = stackalloc byte[ChunkFormat.PreambleBytes];
            ChunkFormat.WritePreamble(preamble, json);
            stream.Write(preamble);
            stream.Write(json);
            Pad(stream.Write, ChunkFormat.PreambleBytes + json.Length, ChunkFormat.DataStart(json.Length));
            WriteData(layout, stream.Write);
        });
        return header;
    }

    delegate void Sink(ReadOnlySpan<byte> bytes);

    void WriteData(ChunkLayout layout, Sink sink)
    {
        long at = 0;
        void Array(long offset, ReadOnlySpan<byte> bytes)
        {
            Pad(sink, at, offset);
            sink(bytes);
            at = offset + bytes.Length;
        }
        for (int h = 0; h < _hooks.Count; h++) Array(layout.ActivationOffset(h), _activations[h].AsSpan(0, (int)layout.ActivationBytes));
        Array(layout.TokenIdsOffset, MemoryMarshal.AsBytes(_tokenIds.AsSpan(0, Count)));
        Array(layout.RolesOffset, MemoryMarshal.AsBytes(_roles.AsSpan(0, Count)));
        Array(layout.DocumentsOffset, MemoryMarshal.AsBytes(_documentIds.AsSpan(0, Count)));
        Array(layout.PositionsOffset, MemoryMarshal.AsBytes(_positions.AsSpan(0, Count)));
        Array(layout.LabelsOffset, MemoryMarshal.AsBytes(_labels.AsSpan(0, Count)));
    }

    static void Pad(Sink sink, long from, long to)
    {
        Span<byte> zeros = stackalloc byte[ChunkFormat.Alignment];
        zeros.Clear();
        for (long left = to - from; left > 0; left -= zeros.Length)
            sink(zeros[..(int)Math.Min(left, zeros.Length)]);
    }

    public void Clear()
    {
        Count = 0;
        _roleTable.Clear();
        _roleIds.Clear();
        _labelTable.Clear();
        _labelBits.Clear();
        _documents.Clear();
        _documentSet.Clear();
    }
}
