using ShoggothLens.Core.Formats;
using ShoggothLens.Core.Roles;

namespace ShoggothLens.Core.ActivationStore;

/// <summary>
/// A store opened for reading: the manifest, and its chunks one at a time. A chunk's data checksum
/// is verified the first time this instance opens it; its header is checked against the manifest
/// every time. Only chunks the manifest lists are read, so a store whose harvest is still running
/// or was killed reads as the complete chunks it has.
/// </summary>
public sealed class ActivationStoreReader
{
    readonly bool[] _verified;

    ActivationStoreReader(string directory, StoreManifest manifest)
    {
        Directory = directory;
        Manifest = manifest;
        _verified = new bool[manifest.Chunks.Count];
        var offsets = new long[manifest.Chunks.Count + 1];
        for (int i = 0; i < manifest.Chunks.Count; i++) offsets[i + 1] = offsets[i] + manifest.Chunks[i].Tokens;
        ChunkStarts = offsets;
        Roles = manifest.Roles.Select(r => r.Role).ToArray();
    }

    public string Directory { get; }
    public StoreManifest Manifest { get; }
    public StoreSettings Settings => Manifest.Settings;
    public long Tokens => Manifest.Tokens;
    public int ChunkCount => Manifest.Chunks.Count;
    public IReadOnlyList<string> Hooks => Settings.Hooks;
    public int DModel => Settings.DModel;

    /// <summary>Store-wide roles; a sampler's role ids index this list.</summary>
    public IReadOnlyList<Role> Roles { get; }

    /// <summary>Store-wide label names; bit i of a sampler's label mask is label i.</summary>
    public IReadOnlyList<string> Labels => Manifest.Labels;

    /// <summary>ChunkStarts[i] = tokens before chunk i; the last entry is the store's token count.</summary>
    public IReadOnlyList<long> ChunkStarts { get; }

    public static ActivationStoreReader Open(string directory) => new(directory, StoreManifestJson.Read(directory));

    /// <summary>The chunk holding token <paramref name="token"/> (0 for an empty store): the last chunk starting at or before it.</summary>
    public int ChunkOf(long token)
    {
        int lo = 0, hi = ChunkCount - 1;
        while (lo < hi)
        {
            int mid = (lo + hi + 1) / 2;
            if (ChunkStarts[mid] <= token) lo = mid;
            else hi = mid - 1;
        }
        return lo;
    }

    public int HookIndex(string hook)
    {
        for (int h = 0; h < Hooks.Count; h++)
            if (Hooks[h] == hook) return h;
        throw new ArgumentException($"hook '{hook}' is not in this store (hooks: {string.Join(", ", Hooks)})", nameof(hook));
    }

    /// <summary>Opens chunk <paramref name="index"/> (the caller disposes it), checking it against the manifest.</summary>
    public ActivationChunk OpenChunk(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, ChunkCount);
        var entry = Manifest.Chunks[index];
        string path = Files.FolderPaths.RequireInside(Directory, Path.Combine(Directory, entry.File));
        var chunk = ActivationChunk.Open(path);
        try
        {
            Check(chunk, entry, path);
            if (!_verified[index])
            {
                chunk.VerifyData(entry.XxHash3);
                _verified[index] = true;
            }
            return chunk;
        }
        catch
        {
            chunk.Dispose();
            throw;
        }
    }

    void Check(ActivationChunk chunk, ManifestChunk entry, string path)
    {
        var h = chunk.Header;
        var s = Settings;
        string? problem =
            h.Tokens != entry.Tokens ? $"holds {h.Tokens} tokens, the manifest says {entry.Tokens}"
            : new FileInfo(path).Length != entry.Bytes ? $"is {new FileInfo(path).Length} bytes, the manifest says {entry.Bytes}"
            : h.ModelId != s.ModelId ? $"is from model '{h.ModelId}', the store's is '{s.ModelId}'"
            : !h.Hooks.SequenceEqual(s.Hooks) ? $"holds hooks {string.Join(", ", h.Hooks)}, the store's are {string.Join(", ", s.Hooks)}"
            : h.DModel != s.DModel ? $"has d_model {h.DModel}, the store's is {s.DModel}"
            : h.DType != s.DType ? $"is {h.DType.Name()}, the store is {s.DType.Name()}"
            : null;
        if (problem is not null) throw new InvalidInputFileException(path, problem);
    }

    /// <summary>
    /// The sequential reader: each chunk in store order, opened and verified, disposed when the
    /// loop moves on (so at most one chunk is mapped at a time).
    /// </summary>
    public IEnumerable<ActivationChunk> ReadChunks()
    {
        for (int i = 0; i < ChunkCount; i++)
        {
            using var chunk = OpenChunk(i);
            yield return chunk;
        }
    }

    /// <summary>Opens and verifies every chunk; returns one message per damaged chunk (empty when all are sound).</summary>
    public IReadOnlyList<string> Verify(IProgress<int>? progress = null, CancellationToken cancellationToken = default)
    {
        var problems = new List<string>();
        for (int i = 0; i < ChunkCount; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            try
            {
                _verified[i] = false;
                OpenChunk(i).Dispose();
            }
            catch (InvalidInputFileException e)
            {
                problems.Add(e.Message);
            }
            progress?.Report(i + 1);
        }
        return problems;
    }
}
