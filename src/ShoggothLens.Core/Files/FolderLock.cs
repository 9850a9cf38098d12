namespace ShoggothLens.Core.Files;

/// <summary>
/// An exclusive lock on an output folder, held while one command writes it, so two writers never interleave.
/// The lock is the kernel's: <see cref="LockFileName"/> is opened with <see cref="FileShare.None"/>, which .NET on Linux
/// and macOS turns into <c>flock(LOCK_EX | LOCK_NB)</c> (on Windows, a share-none handle). The kernel drops it when the
/// holder's process ends, however it ends (SIGKILL included), so a lock a dead process left is taken over without a
/// question; who held it is kept in a holder file (written once the lock is held, removed on release) to name the
/// holder in a refusal. The lock files stay: removing one would let a process that opened it just before the removal
/// lock a file nobody else can see.
/// <para>Writers of disjoint parts of one folder (the shards of a batch export) take the folder's lock shared
/// (<c>flock(LOCK_SH)</c>) and their part's exclusively, so shards run side by side while a whole-folder writer,
/// or a second writer of the same part, is refused.</para>
/// </summary>
public sealed class FolderLock : IDisposable
{
    /// <summary>The file the folder's lock is taken on (empty); a part's is <c>.shoggoth.lock.PART</c>.</summary>
    public const string LockFileName = ".shoggoth.lock";
    const string HolderSuffix = ".holder";

    readonly FileStream[] _handles;
    readonly string _holderPath;

    FolderLock(string folder, FileStream[] handles, string holderPath, FolderLockHolder holder, FolderLockHolder? takenOverFrom)
    {
        Folder = folder;
        _handles = handles;
        _holderPath = holderPath;
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
        var handles = new List<FileStream>();
        try
        {
            handles.Add(Open(full, folderLock, exclusive: part is null));
            string lockPath = part is null ? folderLock : folderLock + "." + part;
            if (part is not null) handles.Add(Open(full, lockPath, exclusive: true));
            string holderPath = lockPath + HolderSuffix;
            var previous = FolderLockHolder.TryRead(holderPath);
            var holder = FolderLockHolder.Current(command);
            AtomicFile.WriteAllText(holderPath, holder.ToJson());
            return new FolderLock(full, [.. handles], holderPath, holder, previous);
        }
        catch
        {
            foreach (var h in handles) h.Dispose();
            throw;
        }
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

    /// <summary>Releases the lock (the holder record first, so nobody reads a holder that has gone).</summary>
    public void Dispose()
    {
        try { File.Delete(_holderPath); }
        catch (IOException) { }   // the folder went away: nothing left to release but the handles
        catch (UnauthorizedAccessException) { }
        for (int i = _handles.Length - 1; i >= 0; i--) _handles[i].Dispose();
    }
}
