using System.IO.Hashing;
using System.IO.MemoryMappedFiles;
using ShoggothLens.Core.Formats;
using ShoggothLens.Core.Roles;

namespace ShoggothLens.Core.ActivationStore;

/// <summary>
/// One chunk file, memory-mapped for reading. Opening checks the preamble, the header's hash and
/// layout, and that the file is exactly as long as the layout says (so truncation is caught
/// before any array is touched); <see cref="VerifyData"/> hashes the data region. The spans stay
/// valid until the chunk is disposed. Every problem is an <see cref="InvalidInputFileException"/>
/// naming the chunk file.
/// </summary>
public sealed unsafe class ActivationChunk : IDisposable
{
    readonly MemoryMappedFile _map;
    readonly MemoryMappedViewAccessor _view;
    readonly byte* _data;
    bool _disposed;

    ActivationChunk(string path, ChunkHeader header, long dataStart, MemoryMappedFile map, MemoryMappedViewAccessor view)
    {
        Path = path;
        Header = header;
        Layout = header.Layout;
        _map = map;
        _view = view;
        byte* start = null;
        view.SafeMemoryMappedViewHandle.AcquirePointer(ref start);
        _data = start + view.PointerOffset + dataStart;
    }

    public string Path { get; }
    public ChunkHeader Header { get; }
    public ChunkLayout Layout { get; }
    public int Tokens => Header.Tokens;
    public IReadOnlyList<Role> Roles => Header.Roles;
    public IReadOnlyList<string> LabelNames => Header.LabelNames;
    public IReadOnlyList<StoreDocument> Documents => Header.Documents;

    public static ActivationChunk Open(string path)
    {
        if (!File.Exists(path)) throw new InvalidInputFileException(path, "chunk file not found");
        try
        {
            long length = new FileInfo(path).Length;
            ChunkHeader header;
            int headerBytes;
            using (var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1))
            {
                Span<byte> preamble = stackalloc byte[ChunkFormat.PreambleBytes];
                int read = stream.ReadAtLeast(preamble, preamble.Length, throwOnEndOfStream: false);
                (headerBytes, ulong expectedHash) = ChunkFormat.ReadPreamble(preamble[..read], length);
                var json = new byte[headerBytes];
                stream.ReadExactly(json);
                if (XxHash3.HashToUInt64(json) != expectedHash)
                    throw new FormatException("the header's checksum does not match: the chunk is damaged");
                header = ChunkHeader.Parse(json);
            }
            long dataStart = ChunkFormat.DataStart(headerBytes);
            long expected = dataStart + header.Layout.DataBytes;
            if (length != expected)
                throw new FormatException(length < expected
                    ? $"truncated: {length} bytes, the header's layout needs {expected}"
                    : $"{length} bytes, {length - expected} more than the header's layout ({expected}): the chunk was altered");
            var map = MemoryMappedFile.CreateFromFile(path, FileMode.Open, null, 0, MemoryMappedFileAccess.Read);
            try
            {
                var view = map.CreateViewAccessor(0, length, MemoryMappedFileAccess.Read);
                return new ActivationChunk(path, header, dataStart, map, view);
            }
            catch
            {
                map.Dispose();
                throw;
            }
        }
        catch (FormatException e)
        {
            throw new InvalidInputFileException(path, e.Message, e);
        }
        catch (EndOfStreamException e)
        {
            throw new InvalidInputFileException(path, "truncated: the file ends inside its header", e);
        }
    }

    /// <summary>Hashes the data region and compares it with the header's XxHash3 (and <paramref name="expectedXxHash3"/>, the manifest's).</summary>
    public void VerifyData(string? expectedXxHash3 = null)
    {
        var hash = new XxHash3();
        long total = Layout.DataBytes;
        for (long at = 0; at < total; at += 1 << 30)
            hash.Append(new ReadOnlySpan<byte>(_data + at, (int)Math.Min(1 << 30, total - at)));
        string actual = Convert.ToHexStringLower(hash.GetCurrentHash());
        if (actual != Header.DataXxHash3)
            throw new InvalidInputFileException(Path, $"data checksum mismatch (header says xxh3 {Header.DataXxHash3}, the data hashes to {actual}): the chunk is damaged");
        if (expectedXxHash3 is not null && expectedXxHash3 != Header.DataXxHash3)
            throw new InvalidInputFileException(Path, $"checksum {Header.DataXxHash3} differs from the manifest's {expectedXxHash3}: the chunk was replaced");
        // A checksum proves the bytes are the writer's, not that the writer was ours: every role id must name one of the
        // header's roles before RoleOf or a sampler indexes with it.
        int roles = Header.Roles.Count;
        var roleIds = RoleIds;
        for (int t = 0; t < roleIds.Length; t++)
            if (roleIds[t] >= roles)
                throw new InvalidInputFileException(Path, $"token {t} has role id {roleIds[t]}; the header lists {roles} roles");
    }

    ReadOnlySpan<T> Array<T>(long offset) where T : unmanaged
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        return new ReadOnlySpan<T>(_data + offset, Tokens);
    }

    public ReadOnlySpan<int> TokenIds => Array<int>(Layout.TokenIdsOffset);

    /// <summary>Indices into <see cref="Roles"/>.</summary>
    public ReadOnlySpan<ushort> RoleIds => Array<ushort>(Layout.RolesOffset);

    /// <summary>Record indices of the tokens' documents (see <see cref="Documents"/>).</summary>
    public ReadOnlySpan<long> DocumentIndices => Array<long>(Layout.DocumentsOffset);

    public ReadOnlySpan<int> Positions => Array<int>(Layout.PositionsOffset);

    /// <summary>Bit i set = the token carries <see cref="LabelNames"/>[i].</summary>
    public ReadOnlySpan<uint> LabelBits => Array<uint>(Layout.LabelsOffset);

    public Role RoleOf(int token) => Roles[RoleIds[token]];

    /// <summary>The stored bytes of rows [start, start + count) of hook <paramref name="hook"/>.</summary>
    public ReadOnlySpan<byte> ActivationBytes(int hook, int start, int count)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        ArgumentOutOfRangeException.ThrowIfNegative(start);
        ArgumentOutOfRangeException.ThrowIfGreaterThan((long)start + count, Tokens);
        long rowBytes = Layout.ActivationRowBytes;
        return new ReadOnlySpan<byte>(_data + Layout.ActivationOffset(hook) + start * rowBytes, checked((int)(count * rowBytes)));
    }

    /// <summary>Decodes rows [start, start + count) of hook <paramref name="hook"/> into float32, row-major.</summary>
    public void ReadActivations(int hook, int start, int count, Span<float> destination) =>
        ActivationCodec.Decode(ActivationBytes(hook, start, count), Layout.DType, destination[..(count * Layout.DModel)]);

    public float[] ReadActivations(int hook)
    {
        var result = new float[(long)Tokens * Layout.DModel];
        ReadActivations(hook, 0, Tokens, result);
        return result;
    }

    public int HookIndex(string hook)
    {
        for (int h = 0; h < Header.Hooks.Count; h++)
            if (Header.Hooks[h] == hook) return h;
        throw new ArgumentException($"hook '{hook}' is not in this store (hooks: {string.Join(", ", Header.Hooks)})", nameof(hook));
    }

    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        _view.SafeMemoryMappedViewHandle.ReleasePointer();
        _view.Dispose();
        _map.Dispose();
    }
}
