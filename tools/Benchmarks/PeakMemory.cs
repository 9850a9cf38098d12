namespace ShoggothLens.Benchmarks;

/// <summary>This process's peak resident set (VmHWM: heap, native buffers and touched mapped file pages alike).</summary>
static class PeakMemory
{
    public static long Bytes()
    {
        foreach (var line in File.ReadLines("/proc/self/status"))
            if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
                return long.Parse(line["VmHWM:".Length..].Trim().Split(' ')[0]) * 1024;
        return -1;
    }

    public static string MiB(long bytes) => $"{bytes / (double)(1 << 20):F0} MiB";
}
