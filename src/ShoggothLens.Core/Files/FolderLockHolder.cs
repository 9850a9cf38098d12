using System.Globalization;
using System.Text.Json;

namespace ShoggothLens.Core.Files;

/// <summary>Who holds a folder lock.</summary>
public sealed record FolderLockHolder(int ProcessId, string Host, string Command, DateTimeOffset Started)
{
    public static FolderLockHolder Current(string command) =>
        new(Environment.ProcessId, Environment.MachineName, command, DateTimeOffset.UtcNow);

    /// <summary>True when the holder was a process of this host that no longer runs (its record outlived a kill).</summary>
    public bool IsGone
    {
        get
        {
            if (Host != Environment.MachineName) return false;
            try
            {
                using var process = System.Diagnostics.Process.GetProcessById(ProcessId);
                return process.HasExited;
            }
            catch (ArgumentException) { return true; }
            catch (InvalidOperationException) { return true; }
        }
    }

    public override string ToString() =>
        $"{Command} (pid {ProcessId} on {Host}, started {Started.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture)} UTC)";

    internal string ToJson() => JsonSerializer.Serialize(new Dictionary<string, object>
    {
        ["pid"] = ProcessId,
        ["host"] = Host,
        ["command"] = Command,
        ["started"] = Started.ToString("O", CultureInfo.InvariantCulture),
    });

    /// <summary>The holder recorded in <paramref name="path"/>, or null when there is none or it cannot be read (it is advice, not the lock).</summary>
    internal static FolderLockHolder? TryRead(string path)
    {
        try
        {
            var info = new FileInfo(path);
            if (!info.Exists || info.Length > 4096) return null;
            using var json = JsonDocument.Parse(File.ReadAllBytes(path));
            var root = json.RootElement;
            return new FolderLockHolder(root.GetProperty("pid").GetInt32(), root.GetProperty("host").GetString() ?? "?",
                root.GetProperty("command").GetString() ?? "?",
                DateTimeOffset.Parse(root.GetProperty("started").GetString() ?? "", CultureInfo.InvariantCulture));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException or KeyNotFoundException
                                      or InvalidOperationException or FormatException)
        {
            return null;
        }
    }
}
