namespace ShoggothLens.Core.Files;

/// <summary>
/// An exclusive lock on an output folder, held while one command writes it, so two writers never interleave.
/// The lock is the kernel's: <see cref="LockFileName"/> is opened with <see cref="FileShare.None"/>, which .NET on Linux
/// and macOS turns into <c>flock(LOCK_EX | LOCK_NB)</c> (on Windows, a share-none handle). The kernel drops it when the
/// holder's process ends, however it ends (SIGKILL included), so a lock a dead process left is taken over without a
/// question; who held it is kept in a holder file (written once the lock is held) to name the holder in a refusal.
/// On release the holder file and the lock file are removed while the lock is still held; a process that opened the
/// lock file just before its removal notices, after locking it, that the file it holds has no name any more (Linux:
/// <c>/proc/self/fd</c>) and opens the new one, so two holders never exist. Elsewhere the lock file is left in place.
/// <para>Writers of disjoint parts of one folder (the shards of a batch export) take the folder's lock shared
/// (<c>flock(LOCK_SH)</c>) and their part's exclusively, so shards run side by side while a whole-folder writer,
/// or a second writer of the same part, is refused. The last part to finish removes the folder's lock file.</para>
/// <para>Whoever takes the whole folder also removes the temporaries of <see cref="AtomicFile"/> writes a killed writer
/// left there (a part's writer cannot: another part may be writing).</para>
/// </summary>
public sealed class FolderLock : IDisposable
{
    /// <summary>The file the folder's lock is taken on (empty); a part's is <c>.shoggoth.lock.PART</c>.</summary>
    public const string LockFileName = ".shoggoth.lock";
    const string HolderSuffix = ".holder";

    readonly FileStream[] _handles;
    readonly string _lockPath;
    readonly string _holderPath;
    readonly bool _part;

    FolderLock(string folder, FileStream[] handles, string lockPath, string holderPath, bool part, FolderLockHolder holder, FolderLockHolder? takenOverFrom)
    {
        Folder = folder;
        _handles = handles;
        _lockPath = lockPath;
        _holderPath = holderPath;
        _part = part;
        Holder = holder;
        TakenOverFrom = takenOverFrom;
    }

    /// <summary>The locked folder (full path).</summary>
    public string Folder { get; }
    public FolderLockHolder Holder { get; }
    /// <summary>The holder a stale lock named (its process ended without releasing it), or null.</summary>
    public FolderLockHolder? TakenOverFrom { get; }

    /// <summary>True for the lock's own files (lock, holder, a holder's temporary), which a folder's writer must accept among its files.</summary>
    public static bool IsLockFile(string name) => name.StartsWith(LockFileName, StringComparison.Ordinal);

    /// <summary>
    /// Creates <paramref name="folder"/> if needed and locks it for <paramref name="command"/> (e.g. "harvest"): the whole
    /// folder, or with <paramref name="part"/> (a file-name-safe key such as "shard-1-of-4") that part, beside other parts.
    /// </summary>
    /// <exception cref="FolderLockedException">Another process (or another writer in this one) holds the folder or the part.</exception>
    public static FolderLock Acquire(string folder, string command, string? part = null)
    {
        string full = Path.TrimEndingDirectorySeparator(Path.GetFullPath(folder));
        if (part is not null && (part.Length == 0 || part.Any(c => !(char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))))
            throw new ArgumentException($"lock part '{part}' must be letters, digits, '-' or '_'", nameof(part));
        Directory.CreateDirectory(full);
        string folderLock = Path.Combine(full, LockFileName);
        string lockPath = part is null ? folderLock : folderLock + "." + part;
        var handles = new List<FileStream>();
        try
        {
            handles.Add(OpenNamed(full, folderLock, exclusive: part is null));
            if (part is not null) handles.Add(OpenNamed(full, lockPath, exclusive: true));
            string holderPath = lockPath + HolderSuffix;
            var previous = FolderLockHolder.TryRead(holderPath);
            // Held alone: any atomic write's temporary here was left by a writer killed mid-write (SIGKILL, power loss).
            if (part is null) AtomicFile.RemoveAbandoned(full);
            var holder = FolderLockHolder.Current(command);
            AtomicFile.WriteAllText(holderPath, holder.ToJson());
            return new FolderLock(full, [.. handles], lockPath, holderPath, part is not null, holder, previous);
        }
        catch
        {
            foreach (var h in handles) h.Dispose();
            throw;
        }
    }

    /// <summary>Opens and locks the lock file that <paramref name="path"/> names now (again when a releasing holder removed the one opened).</summary>
    static FileStream OpenNamed(string folder, string path, bool exclusive)
    {
        for (int attempt = 0; ; attempt++)
        {
            FileStream handle;
            try { handle = Open(folder, path, exclusive); }
            catch (FolderLockedException e) when (e.Holder is null && attempt < 5)
            {
                Thread.Sleep(20);   // no holder named: perhaps a part releasing the folder's lock this instant
                continue;
            }
            if (!IsUnlinked(handle) || attempt == 100) return handle;
            handle.Dispose();
        }
    }

    /// <summary>True when the file behind <paramref name="handle"/> was removed (Linux only; elsewhere lock files are never removed).</summary>
    static bool IsUnlinked(FileStream handle)
    {
        if (!OperatingSystem.IsLinux()) return false;
        string? target = new FileInfo($"/proc/self/fd/{handle.SafeFileHandle.DangerousGetHandle()}").LinkTarget;
        return target is null || target.EndsWith(" (deleted)", StringComparison.Ordinal);
    }

    /// <summary>
    /// Opens a lock file: share-none is .NET's exclusive flock, a read-only open sharing reads its shared flock; either fails
    /// at once (LOCK_NB) when a conflicting lock is held.
    /// </summary>
    static FileStream Open(string folder, string path, bool exclusive)
    {
        try
        {
            return exclusive
                ? new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1)
                : new FileStream(path, FileMode.OpenOrCreate, FileAccess.Read, FileShare.Read, 1);
        }
        catch (IOException e) when (e is not (FileNotFoundException or DirectoryNotFoundException or PathTooLongException))
        {
            var holder = FolderLockHolder.TryRead(path + HolderSuffix) is { IsGone: false } h ? h : null;
            throw new FolderLockedException(folder, holder,
                holder is null && exclusive && path.EndsWith(LockFileName, StringComparison.Ordinal) ? "writers of its parts (e.g. export shards)" : null, e);
        }
    }

    /// <summary>Releases the lock: the holder record and the lock file go first, while the lock is still held.</summary>
    public void Dispose()
    {
        Remove(_holderPath);
        if (OperatingSystem.IsLinux()) Remove(_lockPath);
        for (int i = _handles.Length - 1; i >= 0; i--) _handles[i].Dispose();
        if (_part && OperatingSystem.IsLinux()) RemoveFolderLockIfUnused();
    }

    /// <summary>After a part's release: removes the folder's lock file when no other part holds it (taken exclusively for a moment).</summary>
    void RemoveFolderLockIfUnused()
    {
        string folderLock = Path.Combine(Folder, LockFileName);
        FileStream handle;
        try { handle = new FileStream(folderLock, FileMode.Open, FileAccess.ReadWrite, FileShare.None, 1); }
        catch (IOException) { return; }   // another part still writes (or it is gone): theirs to remove
        catch (UnauthorizedAccessException) { return; }
        using (handle)
            if (!IsUnlinked(handle)) Remove(folderLock);
    }

    static void Remove(string path)
    {
        try { File.Delete(path); }
        catch (IOException) { }   // the folder went away: nothing left to release but the handles
        catch (UnauthorizedAccessException) { }
    }
}
