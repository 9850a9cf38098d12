using System.Text.RegularExpressions;

namespace ShoggothLens.Core.Files;

/// <summary>Writes a file so that readers see either the old file or the whole new one, never a part.</summary>
public static partial class AtomicFile
{
    public static void Write(string path, Action<Stream> write)
    {
        string full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        string temp = $"{full}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp";
        try
        {
            using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16))
            {
                write(stream);
                stream.Flush(flushToDisk: true);
            }
            File.Move(temp, full, overwrite: true);
        }
        catch
        {
            File.Delete(temp);
            throw;
        }
    }

    public static void WriteAllText(string path, string text) =>
        Write(path, s => { using var w = new StreamWriter(s, new System.Text.UTF8Encoding(false), leaveOpen: true); w.Write(text); });

    /// <summary>True for the name of a temporary <see cref="Write"/> writes before its rename: <c>NAME.PID.GUID.tmp</c>.</summary>
    public static bool IsTemporary(string fileName) => TemporaryName().IsMatch(fileName);

    /// <summary>
    /// Deletes the temporaries of writes that never finished (a process killed between create and rename) in
    /// <paramref name="folder"/> and its subfolders, not following links; returns how many. Call it only while holding the
    /// folder's exclusive <see cref="FolderLock"/>: then no other writer is at work there, and this process's own
    /// temporaries are spared.
    /// </summary>
    public static int RemoveAbandoned(string folder)
    {
        var options = new EnumerationOptions
        {
            RecurseSubdirectories = true,
            MaxRecursionDepth = 8,
            IgnoreInaccessible = true,
            AttributesToSkip = FileAttributes.ReparsePoint,
        };
        string ours = $".{Environment.ProcessId}.";
        int removed = 0;
        foreach (string path in Directory.EnumerateFiles(folder, "*.tmp", options))
        {
            string name = Path.GetFileName(path);
            if (!IsTemporary(name) || name.Contains(ours, StringComparison.Ordinal)) continue;
            try
            {
                File.Delete(path);
                removed++;
            }
            catch (IOException) { }   // gone already, or unremovable: it is never read, only left over
            catch (UnauthorizedAccessException) { }
        }
        return removed;
    }

    [GeneratedRegex(@"^.+\.[0-9]+\.[0-9a-f]{32}\.tmp$", RegexOptions.CultureInvariant)]
    private static partial Regex TemporaryName();
}
