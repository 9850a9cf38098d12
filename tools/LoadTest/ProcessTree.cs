namespace ShoggothLens.LoadTest;

/// <summary>This process's descendants (the browser and Playwright's driver) read from /proc: CPU seconds and resident memory.</summary>
public static class ProcessTree
{
    public sealed record Entry(int Pid, int Parent, double CpuSeconds, long ResidentBytes);

    const double UserHz = 100.0;   // clock ticks per second of /proc/PID/stat on Linux

    public static IReadOnlyList<Entry> Read()
    {
        var all = new List<Entry>();
        if (!Directory.Exists("/proc")) return all;
        foreach (string dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out int pid)) continue;
            try
            {
                string stat = File.ReadAllText(Path.Combine(dir, "stat"));
                // After "pid (comm) ": state, ppid, ... utime (11), stime (12), ... rss in pages (21).
                var f = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                all.Add(new Entry(pid, int.Parse(f[1]), (long.Parse(f[11]) + long.Parse(f[12])) / UserHz, long.Parse(f[21]) * Environment.SystemPageSize));
            }
            catch (Exception e) when (e is IOException or FormatException or UnauthorizedAccessException or IndexOutOfRangeException) { }
        }
        return all;
    }

    /// <summary>(this process's CPU seconds, its descendants' CPU seconds, its descendants' resident bytes).</summary>
    public static (double SelfCpu, double ChildrenCpu, long ChildrenResident) Totals()
    {
        var all = Read();
        var parent = all.ToDictionary(e => e.Pid, e => e.Parent);
        int me = Environment.ProcessId;
        bool Descends(int pid)
        {
            for (int p = pid, hops = 0; hops < 64 && parent.TryGetValue(p, out p); hops++)
                if (p == me) return true;
            return false;
        }
        var children = all.Where(e => e.Pid != me && Descends(e.Pid)).ToList();
        return (all.FirstOrDefault(e => e.Pid == me)?.CpuSeconds ?? 0, children.Sum(e => e.CpuSeconds), children.Sum(e => e.ResidentBytes));
    }

    public static string LoadAverage() => File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "?";
}
