using ShoggothLens.Core.Formats;
using ShoggothLens.Core.Roles;

namespace ShoggothLens.Core.ActivationStore;

/// <summary>
/// Appends tokens to a store. Tokens collect in memory until a chunk holds exactly
/// <see cref="StoreSettings.ChunkTokens"/>; then the chunk is written (temp file + rename) and the
/// manifest rewritten atomically with the harvest's cursor. A process killed at any point leaves
/// the last manifest, which lists only complete chunks; tokens not yet in a chunk are lost and
/// harvested again on resume. Disposing without <see cref="Complete"/> drops them the same way.
/// </summary>
public sealed class ActivationStoreWriter : IDisposable
{
    readonly string _directory;
    readonly bool _manifestPerChunk;
    readonly ChunkBuilder _chunk;
    readonly List<ManifestChunk> _chunks;
    readonly List<Role> _roles;
    readonly List<long> _roleTokens;
    readonly List<string> _labels;
    StoreManifest _manifest;
    HarvestCursor _batchStart;
    long _batchTokens, _skippedBeforeBatch;

    ActivationStoreWriter(string directory, StoreManifest manifest, bool manifestPerChunk)
    {
        _directory = directory;
        _manifest = manifest;
        _manifestPerChunk = manifestPerChunk;
        var s = manifest.Settings;
        _chunk = new ChunkBuilder(s.ModelId, s.Hooks, s.DModel, s.DType, s.ChunkTokens);
        _chunks = [.. manifest.Chunks];
        _roles = manifest.Roles.Select(r => r.Role).ToList();
        _roleTokens = manifest.Roles.Select(r => r.Tokens).ToList();
        _labels = [.. manifest.Labels];
        _batchStart = manifest.Cursor;
        _batchTokens = manifest.Cursor.SkipTokens;
        _skippedBeforeBatch = manifest.SkippedRecords;
    }

    public string Directory => _directory;
    public StoreSettings Settings => _manifest.Settings;

    /// <summary>The manifest as last written: complete chunks only.</summary>
    public StoreManifest Manifest => _manifest;

    /// <summary>Tokens in complete chunks plus tokens collected for the next one.</summary>
    public long Tokens => _manifest.Tokens + _chunk.Count;

    /// <summary>
    /// Starts a store in <paramref name="directory"/>, which must be absent, empty, or hold only what a
    /// killed start of a store leaves (a chunks folder, temp files). With
    /// <paramref name="manifestPerChunk"/> false the manifest appears only on <see cref="Complete"/>
    /// (a merge: a half-written merge is no store and is simply redone).
    /// </summary>
    public static ActivationStoreWriter Create(string directory, StoreSettings settings, bool manifestPerChunk = true)
    {
        settings.Validate();
        PrepareEmpty(directory);
        var manifest = StoreManifest.Empty(settings);
        if (manifestPerChunk) StoreManifestJson.Write(directory, manifest);
        return new ActivationStoreWriter(directory, manifest, manifestPerChunk);
    }

    /// <summary>
    /// Reopens a store to continue its harvest, after checking that <paramref name="settings"/> are the
    /// ones it was started with (the max-token limit may change). Chunk files the manifest does not
    /// list (written just before a kill) and temp files are removed.
    /// </summary>
    public static ActivationStoreWriter Resume(string directory, StoreSettings settings)
    {
        settings.Validate();
        var manifest = StoreManifestJson.Read(directory);
        string have = StoreManifestJson.SettingsKey(manifest.Settings), want = StoreManifestJson.SettingsKey(settings);
        if (have != want)
            throw new InvalidInputFileException(Path.Combine(directory, StoreManifest.FileName),
                $"this store was harvested with other settings ({SettingsDifference.Describe(manifest.Settings, settings)}); give a new output folder or the same options");
        RemoveUnlisted(directory, manifest.Chunks.Count);
        manifest = manifest with { Settings = settings };
        return new ActivationStoreWriter(directory, manifest, manifestPerChunk: true);
    }

    public static bool Exists(string directory) => File.Exists(Path.Combine(directory, StoreManifest.FileName));

    /// <summary>
    /// Marks the start of a batch: if a chunk ends inside it, the manifest's cursor will say to form
    /// this batch again and skip the tokens already stored. <paramref name="skippedRecordsBefore"/>
    /// counts bad records before the batch.
    /// </summary>
    public void BeginBatch(HarvestCursor start, long skippedRecordsBefore)
    {
        _batchStart = start;
        _batchTokens = start.SkipTokens;
        _skippedBeforeBatch = skippedRecordsBefore;
    }

    /// <summary>Appends tokens and their activation rows, writing chunks as they fill.</summary>
    public void Append(in TokenRun run, IActivationRows rows)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_manifest.Complete) throw new InvalidOperationException("the store is complete");
        run.Validate();
        int done = 0;
        while (done < run.Count)
        {
            int take = Math.Min(run.Count - done, _chunk.Remaining);
            _chunk.Append(run.Slice(done, take), rows, done);
            done += take;
            _batchTokens += take;
            if (_chunk.Remaining == 0)
                Commit(_batchStart with { SkipTokens = _batchTokens }, _skippedBeforeBatch, complete: false);
        }
    }

    /// <summary>Writes the last, partial chunk and marks the store complete with its final cursor.</summary>
    public void Complete(HarvestCursor end, long skippedRecords)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_manifest.Complete) throw new InvalidOperationException("the store is complete");
        Commit(end, skippedRecords, complete: true);
    }

    void Commit(HarvestCursor cursor, long skippedRecords, bool complete)
    {
        if (_chunk.Count > 0)
        {
            int index = _chunks.Count;
            string file = ManifestChunk.FileFor(index);
            string path = Path.Combine(_directory, file);
            var header = _chunk.Write(path);
            CountRoles();
            foreach (var label in header.LabelNames)
            {
                if (_labels.Contains(label)) continue;
                if (_labels.Count == 32) throw new ArgumentException($"label '{label}' would be the store's 33rd; a token's label mask holds 32");
                _labels.Add(label);
            }
            _chunks.Add(new ManifestChunk(file, header.Tokens, new FileInfo(path).Length, header.DataXxHash3));
            _chunk.Clear();
        }
        _manifest = _manifest with
        {
            Cursor = cursor,
            Complete = complete,
            SkippedRecords = skippedRecords,
            Roles = _roles.Select((r, i) => new RoleTokenCount(r, _roleTokens[i])).ToArray(),
            Labels = _labels.ToArray(),
            Chunks = _chunks.ToArray(),
        };
        if (_manifestPerChunk || complete) StoreManifestJson.Write(_directory, _manifest);
    }

    void CountRoles()
    {
        var counts = new long[_chunk.Roles.Count];
        foreach (ushort r in _chunk.RoleIds) counts[r]++;
        for (int local = 0; local < counts.Length; local++)
        {
            int global = _roles.IndexOf(_chunk.Roles[local]);
            if (global < 0)
            {
                global = _roles.Count;
                _roles.Add(_chunk.Roles[local]);
                _roleTokens.Add(0);
            }
            _roleTokens[global] += counts[local];
        }
    }

    static void PrepareEmpty(string directory)
    {
        if (Exists(directory))
            throw new InvalidInputFileException(directory, "already holds an activation store");
        System.IO.Directory.CreateDirectory(directory);
        foreach (var entry in System.IO.Directory.EnumerateFileSystemEntries(directory))
        {
            string name = Path.GetFileName(entry);
            bool ours = (name == "chunks" && System.IO.Directory.Exists(entry)) || (name.StartsWith(StoreManifest.FileName + ".") && name.EndsWith(".tmp"))
                        || Files.FolderLock.IsLockFile(name);   // the writer's own lock
            if (!ours) throw new InvalidInputFileException(directory, $"is not empty ('{name}'); a store is written into a new or empty folder");
        }
        RemoveUnlisted(directory, 0);
    }

    /// <summary>
    /// Deletes chunk files from index <paramref name="listed"/> on, and the temp files of chunks and of the
    /// manifest that a killed harvest left behind; refuses anything else in chunks/.
    /// </summary>
    static void RemoveUnlisted(string directory, int listed)
    {
        foreach (var tmp in System.IO.Directory.EnumerateFiles(directory, StoreManifest.FileName + ".*.tmp")) File.Delete(tmp);
        string chunks = Path.Combine(directory, "chunks");
        System.IO.Directory.CreateDirectory(chunks);
        Files.FolderPaths.RequireInside(directory, chunks);   // a chunks/ linked elsewhere would take our writes outside the store
        foreach (var file in System.IO.Directory.EnumerateFileSystemEntries(chunks))
        {
            string name = Path.GetFileName(file);
            if (name.StartsWith("chunk-", StringComparison.Ordinal) && name.EndsWith(".tmp", StringComparison.Ordinal))
                File.Delete(file);
            else if (name.StartsWith("chunk-", StringComparison.Ordinal) && name.EndsWith(".bin", StringComparison.Ordinal)
                     && int.TryParse(name["chunk-".Length..^".bin".Length], out int index))
            {
                if (index >= listed) File.Delete(file);
            }
            else
                throw new InvalidInputFileException(chunks, $"holds '{name}', which is no chunk of this store");
        }
    }

    bool _disposed;

    public void Dispose() => _disposed = true;
}
